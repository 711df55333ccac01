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
    // a merge moves aliases pointing at the merged ref, and the person's alerts, failures and
    // findings: without these, each merge scans those tables whole (a rotation merges every person)
    await q.query(`CREATE INDEX pe_person_alias_new ON pe_person_alias (new_ref)`);
    await q.query(`CREATE INDEX pe_alert_person ON pe_alert (person_ref)`);
    await q.query(`CREATE INDEX pe_rule_failure_person ON pe_rule_failure (person_ref)`);
    await q.query(`CREATE INDEX pe_finding_person ON pe_finding (person_ref)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const i of ['pe_finding_person', 'pe_rule_failure_person', 'pe_alert_person'])
      await q.query(`DROP INDEX ${i}`);
    await q.query(`DROP TABLE pe_person_alias`);
  }
}
