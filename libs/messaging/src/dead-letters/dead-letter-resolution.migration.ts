import { MigrationInterface, QueryRunner } from 'typeorm';

/** How a dead letter was resolved (re-driven or discarded), why and by whom, for the operators' record. */
export class DeadLetterResolution1764500000000 implements MigrationInterface {
  name = 'DeadLetterResolution1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dead_letter
      ADD COLUMN resolution text CHECK (resolution IN ('redriven', 'discarded')),
      ADD COLUMN resolution_reason text,
      ADD COLUMN resolved_by text`);
    await q.query(`UPDATE dead_letter SET resolution = 'redriven' WHERE resolved_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE dead_letter DROP COLUMN resolution, DROP COLUMN resolution_reason, DROP COLUMN resolved_by`,
    );
  }
}
