import { MigrationInterface, QueryRunner } from 'typeorm';
import { pendingTableSql } from './outbox-pending';

/**
 * Pending outbox rows move from a `sent_at` column to a table of their ids, filled by a trigger
 * (docs/adr/0030-outbox-pending-table.md): marking a batch sent becomes a DELETE of narrow rows
 * instead of an UPDATE that rewrote each whole row and its two unique index entries.
 */
export class OutboxPending1768000000000 implements MigrationInterface {
  name = 'OutboxPending1768000000000';

  async up(q: QueryRunner): Promise<void> {
    const [{ schema }] = await q.query(`SELECT current_schema() AS schema`);
    for (const sql of pendingTableSql(schema)) await q.query(sql);
    await q.query(`INSERT INTO outbox_pending (id) SELECT id FROM outbox_message WHERE sent_at IS NULL`);
    await q.query(`DROP INDEX outbox_message_pending`);
    await q.query(`ALTER TABLE outbox_message DROP COLUMN sent_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    // rows sent before the way back all get the time of the migration: when they were sent is not kept
    await q.query(`ALTER TABLE outbox_message ADD COLUMN sent_at timestamptz`);
    await q.query(
      `UPDATE outbox_message m SET sent_at = now() WHERE NOT EXISTS (SELECT 1 FROM outbox_pending p WHERE p.id = m.id)`,
    );
    await q.query(`CREATE INDEX outbox_message_pending ON outbox_message (id) WHERE sent_at IS NULL`);
    await q.query(`DROP TRIGGER outbox_pending_add ON outbox_message`);
    await q.query(`DROP FUNCTION outbox_pending_add()`);
    await q.query(`DROP TABLE outbox_pending`);
  }
}
