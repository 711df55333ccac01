import { MigrationInterface, QueryRunner } from 'typeorm';

// The amount a case is paid is decided when one of its inputs changes and stored (docs/adr/0015-decided-case-amounts.md):
// one row per case and first day of a month from which the amount holds, until the case's next row.
// The monthly run pays the row in force on the month's first day (a join), so it does no means test.
// amounts_decided_with is the last scheduled_parameter id the case's rows were decided with: a value
// scheduled since (a higher id) makes the case due for re-decision. NULL = never decided here: cases
// approved before this migration are decided by the first catch-up (payments/case-amounts.ts).
export class CaseAmountDecisions1765100000003 implements MigrationInterface {
  name = 'CaseAmountDecisions1765100000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE case_amount_decision (
        case_id text NOT NULL REFERENCES assistance_case,
        effective_from date NOT NULL CHECK (extract(day FROM effective_from) = 1),
        monthly_amount_fen bigint NOT NULL CHECK (monthly_amount_fen >= 0),
        cause text NOT NULL,
        basis text NOT NULL,
        decided_on date NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (case_id, effective_from)
      )`);
    await q.query(`ALTER TABLE assistance_case ADD COLUMN amounts_decided_with bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assistance_case DROP COLUMN amounts_decided_with`);
    await q.query(`DROP TABLE case_amount_decision`);
  }
}
