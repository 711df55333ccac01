import { MigrationInterface, QueryRunner } from 'typeorm';

/** Alerts and their history, rule states (for "newly satisfies"), rule failures, audit findings and evaluation runs. */
export class Alerts1764500000001 implements MigrationInterface {
  name = 'Alerts1764500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE pe_alert (
      id uuid PRIMARY KEY,
      person_ref text NOT NULL,
      household_id text,
      rule_id text NOT NULL,
      rule_version int NOT NULL,
      department text NOT NULL,
      programme text,
      town text NOT NULL,
      priority text NOT NULL,
      status text NOT NULL,
      due_date date NOT NULL,
      summary text NOT NULL,
      explanation jsonb NOT NULL,
      cause_event_id text,
      raised_at timestamptz NOT NULL DEFAULT now(),
      assigned_to text,
      assigned_by text,
      assigned_at timestamptz,
      contacted_at timestamptz,
      contacted_by text,
      contact_note text,
      resolved_at timestamptz,
      resolved_by text,
      outcome text,
      resolution_note text,
      case_id text
    )`);
    // one open alert per person and rule: redelivery and re-evaluation insert ON CONFLICT DO NOTHING
    await q.query(
      `CREATE UNIQUE INDEX pe_alert_one_open ON pe_alert (person_ref, rule_id) WHERE status IN ('open', 'assigned', 'contacted')`,
    );
    await q.query(`CREATE INDEX pe_alert_work ON pe_alert (department, town, status, due_date)`);
    await q.query(`CREATE INDEX pe_alert_household ON pe_alert (household_id) WHERE household_id IS NOT NULL`);
    await q.query(`CREATE TABLE pe_alert_history (
      id bigserial PRIMARY KEY,
      alert_id uuid NOT NULL REFERENCES pe_alert (id),
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      from_status text,
      to_status text NOT NULL,
      note text
    )`);
    await q.query(`CREATE INDEX pe_alert_history_alert ON pe_alert_history (alert_id, id)`);
    await q.query(`CREATE TABLE pe_rule_state (
      person_ref text NOT NULL,
      rule_id text NOT NULL,
      rule_version int NOT NULL,
      alertable boolean NOT NULL,
      evaluated_for date NOT NULL,
      changed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (person_ref, rule_id)
    )`);
    await q.query(`CREATE TABLE pe_rule_failure (
      id bigserial PRIMARY KEY,
      person_ref text NOT NULL,
      rule_id text NOT NULL,
      rule_version int NOT NULL,
      evaluated_for date NOT NULL,
      error text NOT NULL,
      cause text,
      at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE pe_finding (
      id uuid PRIMARY KEY,
      kind text NOT NULL,
      dedupe_key text NOT NULL,
      person_ref text NOT NULL,
      town text,
      detail jsonb NOT NULL,
      source_event_id text,
      found_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (kind, dedupe_key)
    )`);
    await q.query(`CREATE TABLE pe_evaluation_run (
      id uuid PRIMARY KEY,
      run_key text NOT NULL UNIQUE,
      kind text NOT NULL,
      evaluated_for date NOT NULL,
      reason text NOT NULL,
      status text NOT NULL,
      total int,
      done int NOT NULL DEFAULT 0,
      cursor_ref text,
      alerts_raised int NOT NULL DEFAULT 0,
      failures int NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'pe_evaluation_run',
      'pe_finding',
      'pe_rule_failure',
      'pe_rule_state',
      'pe_alert_history',
      'pe_alert',
    ])
      await q.query(`DROP TABLE ${t}`);
  }
}
