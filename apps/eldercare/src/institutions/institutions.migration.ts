import { MigrationInterface, QueryRunner } from 'typeorm';

// Institutions (养老机构), their beds by type and the stays of elders. The database holds: one open stay
// per elder (partial unique index); bed counts are never negative. The bed-count limit on admission is
// checked under a lock on the institution row (institutions.service.ts), as it counts rows.
export class Institutions1765200000002 implements MigrationInterface {
  name = 'Institutions1765200000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE institution (
        institution_id text PRIMARY KEY,
        name text NOT NULL,
        ownership text NOT NULL CHECK (ownership IN ('public', 'public-built-private-run', 'private')),
        star_rating int CHECK (star_rating BETWEEN 1 AND 5),
        town text NOT NULL,
        village text NOT NULL,
        nursing_beds int NOT NULL CHECK (nursing_beds >= 0),
        general_beds int NOT NULL CHECK (general_beds >= 0),
        registered_on date NOT NULL,
        registered_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX institution_town ON institution (town)`);
    await q.query(`
      CREATE TABLE institution_stay (
        stay_id text PRIMARY KEY,
        institution_id text NOT NULL REFERENCES institution,
        elder_id text NOT NULL REFERENCES elder,
        bed_type text NOT NULL CHECK (bed_type IN ('nursing', 'general')),
        admitted_on date NOT NULL,
        discharged_on date,
        discharge_reason text
      )`);
    await q.query(
      `CREATE UNIQUE INDEX institution_stay_one_open ON institution_stay (elder_id) WHERE discharged_on IS NULL`,
    );
    await q.query(
      `CREATE INDEX institution_stay_open ON institution_stay (institution_id, bed_type) WHERE discharged_on IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE institution_stay`);
    await q.query(`DROP TABLE institution`);
  }
}
