import { MigrationInterface, QueryRunner } from 'typeorm';

// A service's copy of grassroots governance's division codes (apps/governance/README.md, "Division codes
// for the other services"), filled only from governance.division.* events by division-reference.listener.ts.
export class DivisionReference1767000000000 implements MigrationInterface {
  name = 'DivisionReference1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE division_reference (
        code text PRIMARY KEY,
        level text NOT NULL CHECK (level IN ('town', 'village')),
        town_code text,
        effective_from date NOT NULL,
        retired_on date,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE division_reference`);
  }
}
