import { MigrationInterface, QueryRunner } from 'typeorm';

// The service's own tables (docs/architecture.md "Shape": each service its own database, schema changes by migration).
// Invariants held by the database itself, so no race in the application can break them:
// - one active household per person (partial unique index on household_member.person_ref);
// - one payment per case and month, one run per month (unique constraints: the idempotent run);
// - money is integer fen (bigint, never negative).
export class AssistanceSchema1765100000000 implements MigrationInterface {
  name = 'AssistanceSchema1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE household (
        household_id text PRIMARY KEY,
        town text NOT NULL,
        village text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dissolved')),
        version int NOT NULL,
        snapshot jsonb NOT NULL,
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX household_town_status ON household (town, status)`);
    await q.query(`
      CREATE TABLE household_version (
        household_id text NOT NULL REFERENCES household,
        version int NOT NULL,
        snapshot jsonb NOT NULL,
        change text NOT NULL,
        reason text NOT NULL,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        effective_date date NOT NULL,
        PRIMARY KEY (household_id, version)
      )`);
    await q.query(`
      CREATE TABLE household_member (
        household_id text NOT NULL REFERENCES household,
        person_ref text NOT NULL,
        id_number_encrypted text NOT NULL,
        masked_id text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        joined_on date NOT NULL,
        left_on date,
        PRIMARY KEY (household_id, person_ref)
      )`);
    await q.query(`CREATE UNIQUE INDEX household_member_one_active ON household_member (person_ref) WHERE active`);

    await q.query(`
      CREATE TABLE assistance_case (
        case_id text PRIMARY KEY,
        household_id text NOT NULL REFERENCES household,
        person_ref text NOT NULL,
        programme text NOT NULL,
        town text NOT NULL,
        status text NOT NULL,
        state jsonb NOT NULL,
        monthly_amount_fen bigint CHECK (monthly_amount_fen >= 0),
        effective_from date,
        paperwork_due_on date,
        paperwork_overdue_raised_on date,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX assistance_case_status ON assistance_case (status, town, programme)`);
    await q.query(`CREATE INDEX assistance_case_person ON assistance_case (person_ref)`);
    await q.query(`CREATE INDEX assistance_case_household ON assistance_case (household_id)`);
    await q.query(`
      CREATE TABLE case_decision (
        case_id text NOT NULL REFERENCES assistance_case,
        seq int NOT NULL,
        command text NOT NULL,
        from_status text NOT NULL,
        to_status text NOT NULL,
        who text NOT NULL,
        duty text NOT NULL,
        decided_at timestamptz NOT NULL,
        why text NOT NULL,
        PRIMARY KEY (case_id, seq)
      )`);
    await q.query(`CREATE INDEX case_decision_who ON case_decision (who, duty)`);

    await q.query(`
      CREATE TABLE payment_run (
        run_id text PRIMARY KEY,
        month text NOT NULL UNIQUE CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
        started_by text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        confirmed_by text,
        confirmed_at timestamptz,
        bank_batch_ref text
      )`);
    await q.query(`
      CREATE TABLE payment (
        payment_id text PRIMARY KEY,
        run_id text NOT NULL REFERENCES payment_run,
        case_id text NOT NULL REFERENCES assistance_case,
        month text NOT NULL,
        person_ref text NOT NULL,
        programme text NOT NULL,
        town text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        kind text NOT NULL DEFAULT 'monthly' CHECK (kind IN ('monthly', 'arrears')),
        status text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'confirmed', 'stopped')),
        issued_on date NOT NULL,
        issued_by text NOT NULL,
        confirmed_on date,
        stopped_on date,
        stop_reason text,
        flagged_after_death boolean NOT NULL DEFAULT false,
        CONSTRAINT payment_once_per_case_and_month UNIQUE (case_id, month)
      )`);
    await q.query(`CREATE INDEX payment_run_idx ON payment (run_id, status)`);
    await q.query(`CREATE INDEX payment_person ON payment (person_ref)`);

    await q.query(`
      CREATE TABLE person_death (
        person_ref text PRIMARY KEY,
        record_id text NOT NULL,
        death_date date NOT NULL,
        status text NOT NULL CHECK (status IN ('informal', 'formal', 'revoked')),
        cause_event_id text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE scheduled_parameter (
        id bigserial PRIMARY KEY,
        key text NOT NULL,
        value jsonb NOT NULL,
        effective_from date NOT NULL,
        source text NOT NULL,
        scheduled_by text NOT NULL,
        scheduled_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (key, effective_from)
      )`);

    await q.query(`
      CREATE TABLE means_test_check (
        id bigserial PRIMARY KEY,
        household_id text NOT NULL REFERENCES household,
        checked_on date NOT NULL,
        cause text NOT NULL,
        cause_event_id text,
        outcome jsonb NOT NULL,
        changed boolean NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX means_test_check_household ON means_test_check (household_id, id)`);

    await q.query(`
      CREATE TABLE supervision_sample (
        sample_id text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('file-check', 'home-visit')),
        seed text NOT NULL,
        size int NOT NULL,
        population_size int NOT NULL,
        filters jsonb NOT NULL,
        drawn_by text NOT NULL,
        drawn_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE supervision_item (
        sample_id text NOT NULL REFERENCES supervision_sample,
        case_id text NOT NULL REFERENCES assistance_case,
        town text NOT NULL,
        outcome text CHECK (outcome IN ('in-order', 'issue-found')),
        finding text,
        recorded_by text,
        recorded_at timestamptz,
        PRIMARY KEY (sample_id, case_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'supervision_item',
      'supervision_sample',
      'means_test_check',
      'scheduled_parameter',
      'person_death',
      'payment',
      'payment_run',
      'case_decision',
      'assistance_case',
      'household_member',
      'household_version',
      'household',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
