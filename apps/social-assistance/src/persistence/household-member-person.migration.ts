import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Household members by person, whatever their state: re-keying (persistence/person-ref-rekeying.ts)
 * moves one ref at a time, and the only index on the column covers active members.
 */
export class HouseholdMemberPerson1767400000001 implements MigrationInterface {
  name = 'HouseholdMemberPerson1767400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX household_member_person ON household_member (person_ref)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX household_member_person`);
  }
}
