import { MigrationInterface, QueryRunner } from 'typeorm';

// What a revoked death record needs to undo exactly what the record did (docs/adr/0009-revoked-death-records.md):
// the hub record an elder's death came from (a revocation names the record it revokes), and why a
// home-care order was cancelled (only the orders the death cancelled are reopened).
export class EldercareDeathRecords1767200000000 implements MigrationInterface {
  name = 'EldercareDeathRecords1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE elder ADD COLUMN death_record_id text`);
    await q.query(`ALTER TABLE service_order ADD COLUMN cancel_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_order DROP COLUMN cancel_reason`);
    await q.query(`ALTER TABLE elder DROP COLUMN death_record_id`);
  }
}
