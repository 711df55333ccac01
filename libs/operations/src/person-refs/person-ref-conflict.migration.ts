import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Old-key rows re-keying left in place because the same person already has a row under the new key
 * in a unique column marked `resolve: 'mark'` (person-ref-aliases.ts, docs/adr/0018-person-ref-rekeying.md
 * "Unique conflicts"): a caseworker merges the two registrations; key-status counts what is open.
 */
export class PersonRefConflict1767400000000 implements MigrationInterface {
  name = 'PersonRefConflict1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE person_ref_conflict (
      table_name text NOT NULL,
      column_name text NOT NULL,
      old_ref text NOT NULL,
      new_ref text NOT NULL,
      found_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (table_name, column_name, old_ref)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE person_ref_conflict`);
  }
}
