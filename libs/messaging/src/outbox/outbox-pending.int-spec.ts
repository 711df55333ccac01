import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { isolatedSchema } from '../../test-support/isolation';
import { DeadLetterResolution1764500000000 } from '../dead-letters/dead-letter-resolution.migration';
import { MessagingTables1764400000000 } from '../messaging-tables.migration';
import { messagingMigrations } from '../messaging-schema';
import { READ_PENDING_SQL, READ_SESSION_SETTINGS } from './outbox-pending';

jest.setTimeout(120_000);

/** A DataSource on a fresh schema with the given messaging migrations run. */
async function migrated(url: string, migrations: (typeof messagingMigrations)[number][]): Promise<DataSource> {
  const ds = new DataSource({ type: 'postgres', url, migrations, logging: false });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  return ds;
}

/** `n` outbox rows with the given event ids' numbers, in one multi-row INSERT. */
const insertRows = (q: { query: (sql: string) => Promise<unknown> }, table: string, from: number, n: number) =>
  q.query(
    `INSERT INTO ${table} (event_id, topic, message_key, event_type, payload)
     SELECT ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, 't', 'k', 'e', '{}' FROM generate_series(${from}, ${from + n - 1}) i`,
  );

describe('outbox_pending (docs/adr/0030-outbox-pending-table.md)', () => {
  it('the migration makes the unsent rows of an existing outbox pending; its down migration dates the sent ones', async () => {
    const schema = await isolatedSchema('outbox_pending_migration');
    const before = await migrated(schema.url, [MessagingTables1764400000000, DeadLetterResolution1764500000000]);
    try {
      await insertRows(before, 'outbox_message', 1, 5);
      await before.query(`UPDATE outbox_message SET sent_at = now() WHERE id IN (1, 2, 4)`);
      await before.destroy();

      const after = await migrated(schema.url, messagingMigrations);
      try {
        expect(
          (await after.query(`SELECT id FROM outbox_pending ORDER BY id`)).map((r: { id: string }) => r.id),
        ).toEqual(['3', '5']);
        const columns = await after.query(
          `SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'outbox_message'`,
        );
        expect(columns.map((c: { column_name: string }) => c.column_name)).not.toContain('sent_at');

        await after.undoLastMigration({ transaction: 'all' });
        const rows = await after.query(`SELECT id, sent_at IS NOT NULL AS sent FROM outbox_message ORDER BY id`);
        expect(rows.map((r: { sent: boolean }) => r.sent)).toEqual([true, true, false, true, false]);
        const [{ n }] = await after.query(
          `SELECT count(*)::int AS n FROM pg_tables WHERE tablename = 'outbox_pending' AND schemaname = current_schema()`,
        );
        expect(n).toBe(0);
      } finally {
        await after.destroy();
      }
    } finally {
      if (before.isInitialized) await before.destroy();
      await schema.drop();
    }
  });

  it("every committed insert is pending, a rolled-back one is not, whatever the inserting session's search_path", async () => {
    const [a, b] = await Promise.all([isolatedSchema('outbox_pending_a'), isolatedSchema('outbox_pending_b')]);
    const dsA = await migrated(a.url, messagingMigrations);
    const dsB = await migrated(b.url, messagingMigrations);
    try {
      // a set insert, a single-row insert and a rolled-back insert, on schema A's own session
      await insertRows(dsA, 'outbox_message', 1, 3);
      await insertRows(dsA, 'outbox_message', 4, 1);
      await dsA
        .transaction(async (m) => {
          await insertRows(m, 'outbox_message', 5, 2);
          throw new Error('roll back');
        })
        .catch(() => undefined);
      // schema A's table written from a session whose search_path is B: the ids go to A's pending table
      await insertRows(dsB, `"${a.schema}".outbox_message`, 7, 2);
      const pending = async (ds: DataSource) =>
        (
          await ds.query(`SELECT p.id, m.event_id FROM outbox_pending p JOIN outbox_message m USING (id) ORDER BY p.id`)
        ).map((r: { event_id: string }) => Number(r.event_id.slice(-12)));
      expect(await pending(dsA)).toEqual([1, 2, 3, 4, 7, 8]);
      expect(await pending(dsB)).toEqual([]);
    } finally {
      await Promise.all([dsA.destroy(), dsB.destroy()]);
      await Promise.all([a.drop(), b.drop()]);
    }
  });

  it("the relay's read walks the pending ids and finds each row by primary key, past a long sent history, unanalysed", async () => {
    const schema = await isolatedSchema('outbox_pending_plan');
    const ds = await migrated(schema.url, messagingMigrations);
    const session = new Client({ connectionString: schema.url });
    await session.connect();
    try {
      await insertRows(ds, 'outbox_message', 1, 50_000);
      await ds.query(`DELETE FROM outbox_pending WHERE id <= 45000`);
      await session.query(READ_SESSION_SETTINGS);
      const explained = await session.query(`EXPLAIN (FORMAT JSON) ${READ_PENDING_SQL}`, ['{}', 2000]);
      const plan = JSON.stringify(explained.rows[0]['QUERY PLAN']);
      expect(plan).toContain('"Node Type":"Nested Loop"');
      expect(plan).not.toMatch(/"Node Type":"(Merge Join|Hash Join|Sort|Seq Scan|Bitmap Heap Scan)"/);
      // and it reads what it should: the first pending rows in id order
      const { rows } = await session.query(READ_PENDING_SQL, ['{}', 3]);
      expect(rows.map((r: { id: string }) => r.id)).toEqual(['45001', '45002', '45003']);
    } finally {
      await session.end();
      await ds.destroy();
      await schema.drop();
    }
  });
});
