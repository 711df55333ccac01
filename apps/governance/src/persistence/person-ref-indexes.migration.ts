import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Assignments and hardship records by person, ended ones included: following a re-keying
 * (persistence/person-ref-following.ts) moves one ref at a time, and their indexes cover open rows only.
 */
export class GovernancePersonRefIndexes1767400000004 implements MigrationInterface {
  name = 'GovernancePersonRefIndexes1767400000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX assignment_person_rekey ON assignment (person_ref)`);
    await q.query(`CREATE INDEX person_in_hardship_person_rekey ON person_in_hardship (person_ref)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX person_in_hardship_person_rekey`);
    await q.query(`DROP INDEX assignment_person_rekey`);
  }
}
