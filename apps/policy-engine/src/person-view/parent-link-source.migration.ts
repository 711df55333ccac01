import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a child → parent link comes from: a hub birth record (the registry's word) or the
 * relations of a social-assistance household (household-parents.ts). Links stored before this
 * column came only from birth records.
 */
export class ParentLinkSource1764500000009 implements MigrationInterface {
  name = 'ParentLinkSource1764500000009';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE pe_parent ADD COLUMN source text NOT NULL DEFAULT 'birth-record' CHECK (source IN ('birth-record', 'household'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE pe_parent DROP COLUMN source`);
  }
}
