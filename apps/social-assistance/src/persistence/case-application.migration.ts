import { MigrationInterface, QueryRunner } from 'typeorm';

// What the applicant asked for beside the programme (a temporary-assistance request, the channel).
export class CaseApplication1765100000001 implements MigrationInterface {
  name = 'CaseApplication1765100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assistance_case ADD COLUMN application jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await q.query(
      `CREATE INDEX assistance_case_paperwork ON assistance_case (paperwork_due_on) WHERE status = 'active-emergency' AND paperwork_overdue_raised_on IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX assistance_case_paperwork`);
    await q.query(`ALTER TABLE assistance_case DROP COLUMN application`);
  }
}

// Arrears after a reinstatement are paid outside any monthly run (payment-amount.ts `arrears`).
export class ArrearsPayments1765100000002 implements MigrationInterface {
  name = 'ArrearsPayments1765100000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment ALTER COLUMN run_id DROP NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE payment ALTER COLUMN run_id SET NOT NULL`);
  }
}
