import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * old personRef → the ref it was re-keyed to (docs/adr/0018-person-ref-rekeying.md). Kept after the
 * re-keying so an event still carrying the old ref (published before it, or by a service not yet
 * re-keyed) reaches the person under the new one.
 */
export class PersonRefAlias1767300000000 implements MigrationInterface {
  name = 'PersonRefAlias1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE person_ref_alias (
      old_ref text PRIMARY KEY,
      new_ref text NOT NULL,
      rekeyed_at timestamptz NOT NULL DEFAULT now()
    )`);
    // moveRef re-points aliases by new_ref, once per re-keyed ref
    await q.query(`CREATE INDEX person_ref_alias_new ON person_ref_alias (new_ref)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE person_ref_alias`);
  }
}
