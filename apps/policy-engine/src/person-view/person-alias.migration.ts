import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * old personRef → the ref its view was merged into (docs/adr/0018-person-ref-rekeying.md). Events
 * consumed after a merge that still carry the old ref are applied to the new ref's view.
 */
export class PersonAlias1767300000000 implements MigrationInterface {
  name = 'PersonAlias1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE pe_person_alias (
      old_ref text PRIMARY KEY,
      new_ref text NOT NULL,
      event_id text NOT NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE pe_person_alias`);
  }
}
