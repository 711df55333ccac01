import { messagingEntities } from '@civic/messaging';
import { DataSource, DataSourceOptions } from 'typeorm';
import { freshSchema } from './database';

/**
 * A fresh schema with `migrations` run and a TypeORM DataSource on it, with the messaging entities
 * (so the outbox and inbox work through it): where an int-spec of a service's own tables starts.
 * The caller destroys `ds`, then drops `schema`.
 */
export async function migratedSchema(
  prefix: string,
  migrations: DataSourceOptions['migrations'],
): Promise<{ schema: Awaited<ReturnType<typeof freshSchema>>; ds: DataSource }> {
  const schema = await freshSchema(prefix);
  const ds = new DataSource({
    type: 'postgres',
    url: schema.url,
    schema: schema.schema,
    extra: { options: `-c search_path=${schema.schema}` },
    entities: messagingEntities,
    migrations,
    migrationsRun: true,
  });
  await ds.initialize();
  return { schema, ds };
}
