import { MigrationInterface, QueryRunner } from 'typeorm';

// The data hub's death records as charity needs them (reactions/death-reactions.service.ts): who is
// recorded dead, by which record, and what the record stopped, so that a revocation undoes exactly
// that (docs/adr/0009-revoked-death-records.md): wishes withdrawn and crowdfunding projects closed
// for the death, each marked as such.
export class Deaths1767100000001 implements MigrationInterface {
  name = 'Deaths1767100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person_death (
        person_ref text PRIMARY KEY,
        record_id text NOT NULL,
        death_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('informal', 'formal', 'revoked')),
        cause_event_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE wish DROP CONSTRAINT wish_status_check, DROP CONSTRAINT wish_check`);
    await q.query(`
      ALTER TABLE wish
        ADD COLUMN withdrawn_on date,
        ADD COLUMN withdrawn_reason text,
        ADD COLUMN withdrawn_from text CHECK (withdrawn_from IN ('posted', 'matched')),
        ADD COLUMN withdrawn_for_death boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT wish_status_check CHECK (status IN ('posted', 'matched', 'fulfilled', 'withdrawn')),
        ADD CONSTRAINT wish_donor_check CHECK (
          CASE status WHEN 'posted' THEN donor_kind IS NULL
                      WHEN 'withdrawn' THEN (withdrawn_from = 'posted') = (donor_kind IS NULL)
                      ELSE donor_kind IS NOT NULL END),
        ADD CONSTRAINT wish_withdrawn_check CHECK ((status = 'withdrawn') = (withdrawn_from IS NOT NULL))`);
    await q.query(`
      ALTER TABLE charity_project
        ADD COLUMN closed_on date,
        ADD COLUMN closed_reason text,
        ADD COLUMN closed_for_death boolean NOT NULL DEFAULT false,
        ADD CONSTRAINT charity_project_death_check CHECK (NOT closed_for_death OR status = 'closed')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE charity_project DROP CONSTRAINT charity_project_death_check,
      DROP COLUMN closed_on, DROP COLUMN closed_reason, DROP COLUMN closed_for_death`);
    await q.query(`ALTER TABLE wish DROP CONSTRAINT wish_withdrawn_check, DROP CONSTRAINT wish_donor_check, DROP CONSTRAINT wish_status_check,
      DROP COLUMN withdrawn_on, DROP COLUMN withdrawn_reason, DROP COLUMN withdrawn_from, DROP COLUMN withdrawn_for_death`);
    await q.query(`ALTER TABLE wish ADD CONSTRAINT wish_status_check CHECK (status IN ('posted', 'matched', 'fulfilled')),
      ADD CONSTRAINT wish_check CHECK ((status = 'posted') = (donor_kind IS NULL))`);
    await q.query(`DROP TABLE person_death`);
  }
}
