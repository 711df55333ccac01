import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { deleteTopics, ensureTopics } from '@civic/messaging';

/** The run's settings and how a pair gets an isolated schema and topic prefix. */
export interface BenchEnv {
  databaseUrl: string;
  brokers: string;
  rounds: number;
  seconds: number;
  concurrency: number;
  pool: number;
  log(line: string): void;
  schema(
    prefix: string,
    topics?: string[],
  ): Promise<{ schema: string; url: string; topicPrefix: string; drop(): Promise<void> }>;
}

/** Creates a fresh schema (search_path URL) and, when asked, topics under a fresh prefix; drop() removes both. */
export function benchSchemaFactory(databaseUrl: string, brokers: string): BenchEnv['schema'] {
  return async (prefix, topics = []) => {
    const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
    const schema = `bench_${prefix}_${suffix}`;
    const topicPrefix = `bench-${prefix}-${suffix.replace(/_/g, '-')}.`;
    const admin = new Pool({ connectionString: databaseUrl, max: 1 });
    await admin.query(`CREATE SCHEMA "${schema}"`);
    const conn = { brokers: brokers.split(','), clientId: 'bench', topicPrefix };
    const created = topics.length ? await ensureTopics(conn, topics, { partitions: 3 }) : [];
    const url = new URL(databaseUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return {
      schema,
      url: url.toString(),
      topicPrefix,
      drop: async () => {
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).finally(() => admin.end());
        if (created.length) await deleteTopics(conn, created).catch(() => undefined);
      },
    };
  };
}
