// The monthly payment run (docs/domain.md §1 Payments; docs/reliability.md P7): every active case of a monthly
// programme is paid the amount decided for it on the month's 1st (case_amount_decision, written when an
// input changes: payments/case-amounts.ts, docs/adr/0015-decided-case-amounts.md), one payment per case
// and month. The machinery — idempotent insert against the unique (case_id, month) constraint, the
// advisory lock per month, payment.issued events in the caller's transaction, the reissue in place of a
// payment stopped for a death since revoked (docs/adr/0009-revoked-death-records.md) — is
// libs/monthly-run's (runMonthSet: a few statements whatever the number of cases); this file says which
// cases a month pays and how much.
import { Outbox } from '@civic/messaging';
import * as monthlyRun from '@civic/monthly-run';
import { PaymentLine, RunOutcome } from '@civic/monthly-run';
import { EntityManager } from 'typeorm';
import { ASSISTANCE_RUN } from './assistance-run-spec';
import { MonthlyProgramme } from './payment-amount';

export type { PaymentLine, RunOutcome };

export const MONTHLY_PROGRAMMES: readonly MonthlyProgramme[] = [
  'dibao',
  'extreme-poverty',
  'disability-living-subsidy',
  'disability-nursing-subsidy',
];

export function paymentId(month: string, caseId: string): string {
  return monthlyRun.paymentId(month, caseId);
}

/**
 * The month's candidates: active cases paying by the 1st, each with the decision in force that day
 * (none: not eligible), skipped as deceased when a death record not revoked is dated before the 1st
 * (docs/domain.md §1: "never pay a person after their recorded date of death"), leaving out cases paid
 * this month unless the payment was stopped for a death. The decision in force is one join over the
 * decisions up to the 1st (DISTINCT ON: each case's latest), read once and hashed, not a probe of the
 * decision index per case: at 100,000 cases the probes cost 2 s of the candidates' 4.6 s and, with the
 * empty tables of a first run planned as nested loops, dragged the death look-up into one scan per case
 * (docs/benchmarks.md, "Payment run (set-based)").
 */
export function candidatesSql(month: string): monthlyRun.CandidateSql {
  return {
    sql: `SELECT ${monthlyRun.paymentIdSql('$3', 'c.case_id')} AS payment_id, c.case_id, c.person_ref, c.programme, c.town,
                 d.monthly_amount_fen AS amount_fen,
                 CASE WHEN pd.death_date < $2 THEN 'deceased' WHEN COALESCE(d.monthly_amount_fen, 0) = 0 THEN 'not-eligible' END AS skip
            FROM assistance_case c
            LEFT JOIN (SELECT DISTINCT ON (x.case_id) x.case_id, x.monthly_amount_fen FROM case_amount_decision x
                        WHERE x.effective_from <= $2 ORDER BY x.case_id, x.effective_from DESC) d ON d.case_id = c.case_id
            LEFT JOIN person_death pd ON pd.person_ref = c.person_ref AND pd.status <> 'revoked'
           WHERE c.status = 'active' AND c.programme = ANY($1) AND (c.effective_from IS NULL OR c.effective_from <= $2)
             AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.case_id = c.case_id AND p.month = $3
                               AND NOT (p.status = 'stopped' AND p.stop_reason = 'death'))`,
    params: [MONTHLY_PROGRAMMES, `${month}-01`, month],
  };
}

/**
 * Runs `month` inside the caller's transaction as `issuedBy` (a disburser); returns what it created.
 * The amounts must be decided first (CaseAmounts.catchUp in the same transaction).
 */
export function runPayments(m: EntityManager, month: string, issuedBy: string, now: Date): Promise<RunOutcome> {
  return monthlyRun.runMonthSet(m, ASSISTANCE_RUN, month, issuedBy, now, candidatesSql(month));
}

/**
 * Inserts payment lines outside a run (arrears, reissues) in the caller's transaction; nothing twice.
 * `reissueStoppedForDeath` lets arrears replace a payment that was stopped because of a death record later revoked.
 */
export function insertPayments(
  m: EntityManager,
  outbox: Outbox,
  lines: PaymentLine[],
  issuedBy: string,
  now: Date,
  reissueStoppedForDeath = false,
): Promise<PaymentLine[]> {
  return monthlyRun.insertPayments(m, outbox, ASSISTANCE_RUN, lines, issuedBy, now, reissueStoppedForDeath);
}
