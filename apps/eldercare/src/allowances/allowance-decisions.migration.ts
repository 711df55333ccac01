import { MigrationInterface, QueryRunner } from 'typeorm';

// The amount an allowance pays is decided when one of its inputs changes and stored (docs/domain.md §2
// "Benefits"): one row per grant and first day it covers. The monthly run pays the row in force on the
// month's first day, so a month is paid what was decided for it, not what the parameters say on the
// day the run happens. Existing grants get their granted amount as their first decision.
// scheduled_parameter keeps the parameter values scheduled at runtime by their owning services
// (policy.parameter.value-scheduled), so eldercare decides with them.
export class AllowanceDecisions1767200000001 implements MigrationInterface {
  name = 'AllowanceDecisions1767200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE allowance_decision (
        grant_id text NOT NULL REFERENCES allowance_grant,
        effective_from date NOT NULL,
        monthly_amount_fen bigint NOT NULL CHECK (monthly_amount_fen >= 0),
        parameter_key text NOT NULL,
        parameter_from date NOT NULL,
        basis text NOT NULL,
        decided_on date NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (grant_id, effective_from)
      )`);
    await q.query(`
      INSERT INTO allowance_decision (grant_id, effective_from, monthly_amount_fen, parameter_key, parameter_from, basis, decided_on)
      SELECT grant_id, effective_from, monthly_amount_fen, parameter_key, effective_from, basis, effective_from FROM allowance_grant`);
    await q.query(`CREATE INDEX allowance_grant_active_key ON allowance_grant (parameter_key) WHERE status = 'active'`);
    await q.query(`
      CREATE TABLE scheduled_parameter (
        key text NOT NULL,
        effective_from date NOT NULL,
        value jsonb NOT NULL,
        source text NOT NULL,
        scheduled_by text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (key, effective_from)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduled_parameter`);
    await q.query(`DROP INDEX allowance_grant_active_key`);
    await q.query(`DROP TABLE allowance_decision`);
  }
}
