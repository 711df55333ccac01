import { MigrationInterface, QueryRunner } from 'typeorm';

// The revision governance gave each code (the events' and the reference list's `version`), so the newer
// state wins whichever way it arrives: events and the REST load (division-reference.bootstrap.ts) both
// write only over a lower version. Null for rows written from events published before versions existed.
export class DivisionReferenceVersion1767000000001 implements MigrationInterface {
  name = 'DivisionReferenceVersion1767000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE division_reference ADD COLUMN version int`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE division_reference DROP COLUMN version`);
  }
}
