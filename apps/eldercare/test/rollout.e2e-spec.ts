import { allTopics } from '@civic/contracts';
import { deleteTopics, ensureTopics } from '@civic/messaging';
import {
  freshSchema,
  kafkaConnection,
  ServiceProcess,
  startServiceProcess,
  uniqueName,
  waitFor,
  withClient,
} from '@civic/testing';
import { Client } from 'pg';

jest.setTimeout(300_000);

// A rollout on a fresh database: four replicas of one service start at the same moment on one empty
// schema, as four pods of a Deployment do. Migrations run at start-up under the schema's advisory
// lock (libs/platform/src/database/locked-migrations.ts); without it they race on CREATE TABLE and
// all but one die with `duplicate key value violates unique constraint "pg_type_typname_nsp_index"`
// (or "relation ... already exists"). The test makes the four meet at the same instant (a lock on the
// migrations table it holds until all four wait), so the race is not left to timing.
describe('four eldercare replicas starting together on a fresh schema', () => {
  const replicas: ServiceProcess[] = [];
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
  });

  it('all become ready and every migration ran exactly once', async () => {
    const schema = await freshSchema('ec_rollout');
    // topics of their own, not freshTopics: these replicas publish nothing for the contract check to read
    const prefix = `${uniqueName('ec-rollout').replace(/_/g, '-')}.`;
    const topics = await ensureTopics(kafkaConnection(prefix), allTopics(), { partitions: 1 });
    try {
      // Line the four up: TypeORM's migrations table exists but is locked by this test, so every replica
      // stops at its first read of it; once all four wait, the lock goes and they proceed together.
      // Without the advisory lock all four then find nothing applied and run the same migrations.
      const barrier = new Client({ connectionString: schema.url });
      await barrier.connect();
      await barrier.query(
        `CREATE TABLE migrations (id SERIAL PRIMARY KEY, "timestamp" bigint NOT NULL, name varchar NOT NULL)`,
      );
      await barrier.query('BEGIN');
      await barrier.query('LOCK TABLE migrations IN ACCESS EXCLUSIVE MODE');
      const starting = [1, 2, 3, 4].map(() =>
        startServiceProcess({
          app: 'eldercare',
          schemaPrefix: 'ec_rollout',
          topicPrefix: prefix,
          jwtSecret: 'rollout-test-secret-0123456789abcdef',
          sharedSchema: schema,
          readyTimeoutMs: 240_000,
        }),
      );
      try {
        await waitFor(
          'four replicas waiting at their migrations',
          async () => {
            // from another session: within the barrier's transaction pg_stat_activity stays a snapshot
            const { rows } = await withClient(process.env.DATABASE_URL!, (c) =>
              c.query<{ n: number }>(
                `SELECT count(*)::int AS n FROM pg_stat_activity
                  WHERE datname = current_database() AND application_name = 'eldercare' AND wait_event_type = 'Lock'
                    AND (query LIKE '%' || $1 || '%' OR query LIKE '%civic.migrations%')`,
                [`"${schema.schema}"`],
              ),
            );
            return rows[0].n >= 4 ? true : undefined;
          },
          240_000,
          200,
        );
      } finally {
        await barrier.query('COMMIT');
        await barrier.end();
      }
      const started = await Promise.allSettled(starting);
      for (const s of started) if (s.status === 'fulfilled') replicas.push(s.value);
      expect(started.map((s) => (s.status === 'fulfilled' ? 'ready' : String(s.reason)))).toEqual([
        'ready',
        'ready',
        'ready',
        'ready',
      ]);
      // none of them failed a migration and recovered by the DataSource's connection retry either
      const failures = replicas.flatMap((r) =>
        r.output().filter((l) => /duplicate key|already exists|Unable to connect to the database|failed/i.test(l)),
      );
      expect(failures).toEqual([]);
      const runs = await withClient(schema.url, (c) =>
        c.query<{ name: string; n: number }>(`SELECT name, count(*)::int AS n FROM migrations GROUP BY name`),
      );
      expect(runs.rows.length).toBeGreaterThan(3);
      expect(runs.rows.filter((r) => r.n !== 1)).toEqual([]);
    } finally {
      await Promise.all(replicas.splice(0).map((r) => r.stop()));
      await deleteTopics(kafkaConnection(prefix), topics);
      await schema.drop();
    }
  });
});
