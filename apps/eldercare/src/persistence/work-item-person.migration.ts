import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Work items by person: re-keying (persistence/person-ref-rekeying.ts) moves one ref at a time, and
 * the work queue filters by personRef; without the index each does a full scan.
 */
export class WorkItemPerson1767300000001 implements MigrationInterface {
  name = 'WorkItemPerson1767300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX work_item_person ON work_item (person_ref)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX work_item_person`);
  }
}
