import { monthlyRunTablesSql } from '@civic/monthly-run';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { CHILD_ALLOWANCE_RUN } from './allowance-run-spec';

// The allowance run's tables from the shared monthly-run layout (libs/monthly-run/src/monthly-run-tables.ts):
// one payment per child, programme and month is the database's unique constraint.
export class ChildWelfareAllowancePayments1766000000003 implements MigrationInterface {
  name = 'ChildWelfareAllowancePayments1766000000003';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of monthlyRunTablesSql(CHILD_ALLOWANCE_RUN)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${CHILD_ALLOWANCE_RUN.tables.payment}`);
    await q.query(`DROP TABLE ${CHILD_ALLOWANCE_RUN.tables.run}`);
  }
}
