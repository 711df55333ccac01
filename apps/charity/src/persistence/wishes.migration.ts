import { MigrationInterface, QueryRunner } from 'typeorm';

// Material wishes (红心愿 / 微心愿): posted for a person in hardship, matched to a donor, delivery confirmed.
export class Wishes1766000000001 implements MigrationInterface {
  name = 'Wishes1766000000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE wish (
        wish_id text PRIMARY KEY,
        person_ref text NOT NULL,
        masked_id text NOT NULL,
        id_number_encrypted text NOT NULL,
        town text NOT NULL,
        item text NOT NULL,
        value_fen bigint NOT NULL CHECK (value_fen > 0),
        status text NOT NULL DEFAULT 'posted' CHECK (status IN ('posted', 'matched', 'fulfilled')),
        posted_on date NOT NULL,
        donor_kind text CHECK (donor_kind IN ('individual', 'company', 'anonymous')),
        matched_on date,
        fulfilled_on date,
        posted_by text NOT NULL,
        CHECK ((status = 'posted') = (donor_kind IS NULL))
      )`);
    await q.query(`CREATE INDEX wish_status ON wish (town, status, posted_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE wish`);
  }
}
