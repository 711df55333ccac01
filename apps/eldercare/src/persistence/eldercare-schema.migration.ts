import { MigrationInterface, QueryRunner } from 'typeorm';

// The service's own tables (docs/architecture.md "Adding a service": own database, schema changes by migration).
// Invariants held by the database itself, so no race in the application can break them:
// - one elder per person (unique person_ref);
// - one active grant per elder and allowance (partial unique index);
// - one visit task per elder and month (unique constraint: the idempotent monthly generation);
// - one open alarm per device and kind (partial unique index: repeats merge into it);
// - money is integer fen (bigint, never negative).
export class EldercareSchema1765200000000 implements MigrationInterface {
  name = 'EldercareSchema1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE elder (
        elder_id text PRIMARY KEY,
        person_ref text NOT NULL UNIQUE,
        id_number_encrypted text NOT NULL,
        masked_id text NOT NULL,
        birth_date date NOT NULL,
        sex text NOT NULL CHECK (sex IN ('male', 'female')),
        town text NOT NULL,
        village text NOT NULL,
        living_situation text[] NOT NULL,
        economic_status text NOT NULL,
        contacts jsonb NOT NULL DEFAULT '[]',
        social_worker text,
        ability_level text,
        next_assessment_due date,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deceased')),
        death_date date,
        registered_on date NOT NULL,
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX elder_town_status ON elder (town, status)`);
    await q.query(`
      CREATE TABLE ability_assessment (
        assessment_id text PRIMARY KEY,
        elder_id text NOT NULL REFERENCES elder,
        assessed_on date NOT NULL,
        assessor text NOT NULL,
        scores jsonb NOT NULL,
        total int NOT NULL,
        level text NOT NULL,
        previous_level text,
        next_due date NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX ability_assessment_elder ON ability_assessment (elder_id, assessed_on)`);
    await q.query(`
      CREATE TABLE allowance_grant (
        grant_id text PRIMARY KEY,
        elder_id text NOT NULL REFERENCES elder,
        allowance text NOT NULL CHECK (allowance IN ('high-age', 'care-subsidy')),
        monthly_amount_fen bigint NOT NULL CHECK (monthly_amount_fen >= 0),
        effective_from date NOT NULL,
        parameter_key text NOT NULL,
        basis text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'stopped')),
        stopped_on date,
        stop_reason text,
        granted_by text NOT NULL,
        granted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX allowance_grant_one_active ON allowance_grant (elder_id, allowance) WHERE status = 'active'`,
    );
    await q.query(`
      CREATE TABLE visit_task (
        task_id text PRIMARY KEY,
        elder_id text NOT NULL REFERENCES elder,
        month text NOT NULL,
        town text NOT NULL,
        assigned_to text,
        due_on date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'closed')),
        overdue_raised_on date,
        closed_reason text,
        CONSTRAINT visit_task_one_per_month UNIQUE (elder_id, month)
      )`);
    await q.query(`CREATE INDEX visit_task_open ON visit_task (status, due_on)`);
    await q.query(`
      CREATE TABLE visit (
        visit_id text PRIMARY KEY,
        elder_id text NOT NULL REFERENCES elder,
        visited_on date NOT NULL,
        visitor_user_id text NOT NULL,
        visitor_role text NOT NULL,
        outcome text NOT NULL,
        notes text,
        next_due_date date NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX visit_elder ON visit (elder_id, visited_on)`);
    await q.query(`
      CREATE TABLE alarm_device (
        device_id text PRIMARY KEY,
        elder_id text NOT NULL REFERENCES elder,
        token_hash text NOT NULL,
        registered_by text NOT NULL,
        registered_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE alarm (
        alarm_id text PRIMARY KEY,
        device_id text NOT NULL REFERENCES alarm_device,
        elder_id text NOT NULL REFERENCES elder,
        town text NOT NULL,
        kind text NOT NULL,
        raised_at timestamptz NOT NULL,
        last_raised_at timestamptz NOT NULL,
        repeats int NOT NULL DEFAULT 0,
        acknowledge_by timestamptz NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'escalated', 'acknowledged')),
        acknowledged_at timestamptz,
        acknowledged_by text,
        escalated_at timestamptz
      )`);
    await q.query(
      `CREATE UNIQUE INDEX alarm_one_open_per_device_kind ON alarm (device_id, kind) WHERE status <> 'acknowledged'`,
    );
    await q.query(`CREATE INDEX alarm_due ON alarm (status, acknowledge_by)`);
    await q.query(`
      CREATE TABLE work_item (
        alert_id text PRIMARY KEY,
        person_ref text NOT NULL,
        rule_id text NOT NULL,
        town text NOT NULL,
        priority text NOT NULL,
        summary text NOT NULL,
        due_date date NOT NULL,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        outcome text,
        raised_at timestamptz NOT NULL DEFAULT now(),
        closed_on date
      )`);
    await q.query(`CREATE INDEX work_item_open ON work_item (status, town)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'work_item',
      'alarm',
      'alarm_device',
      'visit',
      'visit_task',
      'allowance_grant',
      'ability_assessment',
      'elder',
    ])
      await q.query(`DROP TABLE ${t}`);
  }
}
