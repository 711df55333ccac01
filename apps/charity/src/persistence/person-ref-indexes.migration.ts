import { MigrationInterface, QueryRunner } from 'typeorm';

/** Wishes and referrals by person: re-keying (persistence/person-ref-rekeying.ts) moves one ref at a time. */
export class CharityPersonRefIndexes1767400000003 implements MigrationInterface {
  name = 'CharityPersonRefIndexes1767400000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX wish_person ON wish (person_ref)`);
    await q.query(`CREATE INDEX referral_person ON referral (person_ref)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX referral_person`);
    await q.query(`DROP INDEX wish_person`);
  }
}
