import { MigrationInterface, QueryRunner } from 'typeorm';

// Family care beds (家庭养老床位, docs/domain.md §2): a bed in the elder's home run by a community centre.
// One open bed per elder is the database's partial unique index, so two clerks cannot open two.
export class FamilyCareBeds1767200000002 implements MigrationInterface {
  name = 'FamilyCareBeds1767200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE family_care_bed (
        bed_id text PRIMARY KEY,
        elder_id text NOT NULL REFERENCES elder,
        provider_site_id text NOT NULL REFERENCES care_site,
        town text NOT NULL,
        opened_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        closed_on date,
        close_reason text,
        opened_by text NOT NULL,
        CHECK (closed_on IS NULL OR closed_on >= opened_on)
      )`);
    await q.query(`CREATE UNIQUE INDEX family_care_bed_one_open ON family_care_bed (elder_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX family_care_bed_town ON family_care_bed (town, status)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE family_care_bed`);
  }
}
