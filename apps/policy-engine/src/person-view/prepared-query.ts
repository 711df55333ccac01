import { EntityManager } from 'typeorm';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a statement as a named prepared statement on the transaction's connection, so PostgreSQL
 * parses it once per connection and may keep its plan: the facts read is a dozen CTEs whose planning
 * took ~6-7 ms of every call (a sixth of it, docs/benchmarks.md P6). The name must be unique to the
 * text within the process. Without a query runner (a manager outside a transaction) it is a plain query.
 */
export async function preparedQuery<T>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner || runner.isReleased || runner.connection.driver.options.type !== 'postgres')
    return manager.query(text, values);
  const client = (await runner.connect()) as PgClient;
  return (await client.query({ name, text, values })).rows as T[];
}
