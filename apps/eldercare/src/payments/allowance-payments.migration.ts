import { monthlyRunTablesSql } from '@civic/monthly-run';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { ALLOWANCE_RUN } from './allowance-run-spec';

// The allowance run's tables from the shared monthly-run layout (libs/monthly-run/src/monthly-run-tables.ts):
// one payment per elder, allowance and month is the database's unique constraint.
export class AllowancePayments1765200000001 implements MigrationInterface {
  name = 'AllowancePayments1765200000001';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of monthlyRunTablesSql(ALLOWANCE_RUN)) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ${ALLOWANCE_RUN.tables.payment}`);
    await q.query(`DROP TABLE ${ALLOWANCE_RUN.tables.run}`);
  }
}
