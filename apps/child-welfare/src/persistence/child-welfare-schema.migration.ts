import { MigrationInterface, QueryRunner } from 'typeorm';

// The service's own tables (docs/architecture.md "Adding a service": own database, schema by migration).
// Invariants held by the database, so no race in the application can break them:
// - one child record per person (unique person_ref);
// - at most one pending or active allowance per child (partial unique index): a re-classification
//   replaces the grant, it never adds a second payment;
// - one adult-orphan placement task per child; money is integer fen, never negative.
export class ChildWelfareSchema1766000000000 implements MigrationInterface {
  name = 'ChildWelfareSchema1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE person (
        person_ref text PRIMARY KEY,
        masked_id text NOT NULL,
        id_number_encrypted text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE child (
        child_id text PRIMARY KEY,
        person_ref text NOT NULL UNIQUE REFERENCES person,
        birth_date date NOT NULL,
        sex text NOT NULL,
        town text NOT NULL,
        village text NOT NULL,
        mother_ref text REFERENCES person,
        father_ref text REFERENCES person,
        care_mode text NOT NULL CHECK (care_mode IN ('institution', 'family')),
        disabled_or_ill boolean NOT NULL DEFAULT false,
        household_in_poverty boolean NOT NULL DEFAULT false,
        category text NOT NULL,
        category_basis text NOT NULL,
        category_from date NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'aged-out')),
        age_out_date date NOT NULL,
        guardianship text NOT NULL DEFAULT 'parent',
        guardian_ref text REFERENCES person,
        guardianship_review_due date,
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        CHECK (guardian_ref IS DISTINCT FROM person_ref)
      )`);
    await q.query(`CREATE INDEX child_town_category ON child (town, category)`);
    await q.query(`CREATE INDEX child_mother ON child (mother_ref)`);
    await q.query(`CREATE INDEX child_father ON child (father_ref)`);
    await q.query(`CREATE INDEX child_age_out ON child (age_out_date) WHERE status = 'active'`);
    await q.query(`
      CREATE TABLE parent_situation (
        person_ref text NOT NULL,
        situation text NOT NULL,
        since date NOT NULL,
        recorded_from text NOT NULL,
        PRIMARY KEY (person_ref, situation)
      )`);
    await q.query(`
      CREATE TABLE child_category_change (
        id bigserial PRIMARY KEY,
        child_id text NOT NULL REFERENCES child,
        category text NOT NULL,
        previous_category text,
        basis text NOT NULL,
        effective_from date NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE allowance (
        grant_id text PRIMARY KEY,
        child_id text NOT NULL REFERENCES child,
        category text NOT NULL,
        care_mode text NOT NULL,
        monthly_amount_fen bigint NOT NULL CHECK (monthly_amount_fen >= 0),
        status text NOT NULL CHECK (status IN ('pending', 'active', 'stopped', 'withdrawn')),
        effective_from date,
        last_day date,
        stop_reason text,
        parameters jsonb NOT NULL,
        replaces_grant_id text,
        approved_by text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX allowance_one_open ON allowance (child_id) WHERE status IN ('pending', 'active')`,
    );
    await q.query(`
      CREATE TABLE placement_task (
        task_id text PRIMARY KEY,
        child_id text NOT NULL UNIQUE REFERENCES child,
        kind text NOT NULL,
        opened_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done'))
      )`);
    await q.query(`
      CREATE TABLE guardianship_change (
        id bigserial PRIMARY KEY,
        child_id text NOT NULL REFERENCES child,
        guardianship text NOT NULL,
        guardian_ref text,
        effective_from date NOT NULL,
        review_due date,
        reason text NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE protection_report (
        report_id text PRIMARY KEY,
        child_ref text NOT NULL,
        child_masked_id text NOT NULL,
        town text NOT NULL,
        location text NOT NULL,
        reporter_kind text NOT NULL,
        reporter_name text NOT NULL,
        concern text NOT NULL,
        urgency text NOT NULL CHECK (urgency IN ('emergency', 'normal')),
        reported_at timestamptz NOT NULL,
        response_due_at timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'escalated', 'responded', 'closed')),
        responded_at timestamptz,
        escalated_at timestamptz,
        emergency_placement text,
        filed_by text NOT NULL
      )`);
    await q.query(`CREATE INDEX protection_report_due ON protection_report (response_due_at) WHERE status = 'open'`);
    await q.query(`
      CREATE TABLE report_note (
        id bigserial PRIMARY KEY,
        report_id text NOT NULL REFERENCES protection_report,
        note text NOT NULL,
        written_by text NOT NULL,
        written_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE work_item (
        alert_id text PRIMARY KEY,
        person_ref text NOT NULL,
        rule_id text NOT NULL,
        town text NOT NULL,
        priority text NOT NULL,
        due_date date NOT NULL,
        summary text NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        closed_reason text,
        closed_at timestamptz
      )`);
    await q.query(`CREATE INDEX work_item_person ON work_item (person_ref) WHERE status = 'open'`);
    // membership as social assistance publishes it, so its eligibility events reach the children of the household
    await q.query(`
      CREATE TABLE assistance_household_member (
        household_id text NOT NULL,
        person_ref text NOT NULL,
        PRIMARY KEY (household_id, person_ref)
      )`);
    await q.query(`CREATE TABLE assistance_household_poverty (household_id text PRIMARY KEY, since date NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'assistance_household_poverty',
      'assistance_household_member',
      'work_item',
      'report_note',
      'protection_report',
      'guardianship_change',
      'placement_task',
      'allowance',
      'child_category_change',
      'parent_situation',
      'child',
      'person',
    ])
      await q.query(`DROP TABLE ${t}`);
  }
}
