import { MigrationInterface, QueryRunner } from 'typeorm';

const REFERRING = ['person_ref', 'mother_ref', 'father_ref', 'guardian_ref'];

/**
 * Re-keying (persistence/person-ref-rekeying.ts) moves a ref in `person` while children refer to it:
 * the child's own, parent and guardian references follow it (ON UPDATE CASCADE) instead of blocking
 * it. Indexes by ref for the columns re-keying updates one ref at a time and had none.
 */
export class ChildWelfarePersonRefCascade1767400000002 implements MigrationInterface {
  name = 'ChildWelfarePersonRefCascade1767400000002';

  async up(q: QueryRunner): Promise<void> {
    for (const c of REFERRING) {
      await q.query(`ALTER TABLE child DROP CONSTRAINT child_${c}_fkey`);
      await q.query(
        `ALTER TABLE child ADD CONSTRAINT child_${c}_fkey FOREIGN KEY (${c}) REFERENCES person ON UPDATE CASCADE`,
      );
    }
    for (const [table, column] of [
      ['child', 'guardian_ref'],
      ['guardianship_change', 'guardian_ref'],
      ['guardianship_review', 'guardian_ref'],
      ['protection_report', 'child_ref'],
      ['adoption', 'child_ref'],
      ['adoption', 'adoptive_mother_ref'],
      ['adoption', 'adoptive_father_ref'],
      ['assistance_household_member', 'person_ref'],
    ])
      await q.query(`CREATE INDEX ${table}_${column}_rekey ON ${table} (${column})`);
    // the existing work_item_person covers open items only
    await q.query(`CREATE INDEX work_item_person_ref_rekey ON work_item (person_ref)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX work_item_person_ref_rekey`);
    for (const [table, column] of [
      ['child', 'guardian_ref'],
      ['guardianship_change', 'guardian_ref'],
      ['guardianship_review', 'guardian_ref'],
      ['protection_report', 'child_ref'],
      ['adoption', 'child_ref'],
      ['adoption', 'adoptive_mother_ref'],
      ['adoption', 'adoptive_father_ref'],
      ['assistance_household_member', 'person_ref'],
    ])
      await q.query(`DROP INDEX ${table}_${column}_rekey`);
    for (const c of REFERRING) {
      await q.query(`ALTER TABLE child DROP CONSTRAINT child_${c}_fkey`);
      await q.query(`ALTER TABLE child ADD CONSTRAINT child_${c}_fkey FOREIGN KEY (${c}) REFERENCES person`);
    }
  }
}
