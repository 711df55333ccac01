// The monthly payment run (docs/domain.md §1 Payments; docs/reliability.md P7): every active case of a monthly
// programme gets its amount from the parameters in force on the month's 1st, one payment per case
// and month. The machinery — idempotent insert against the unique (case_id, month) constraint, the
// advisory lock per month, chunked rows and payment.issued events in the caller's transaction, the
// reissue in place of a payment stopped for a death since revoked (docs/adr/0009-revoked-death-records.md)
// — is libs/monthly-run's; this file says which cases a month pays and how much.
import { Outbox } from '@civic/messaging';
import * as monthlyRun from '@civic/monthly-run';
import { PaymentLine, RunCandidate, RunOutcome } from '@civic/monthly-run';
import { ParameterSet } from '@civic/policy-params';
import { EntityManager } from 'typeorm';
import { Household } from '../households/household.model';
import { ASSISTANCE_RUN } from './assistance-run-spec';
import { MonthlyProgramme, monthlyAmount } from './payment-amount';

export type { PaymentLine, RunOutcome };

export const MONTHLY_PROGRAMMES: readonly MonthlyProgramme[] = [
  'dibao',
  'extreme-poverty',
  'disability-living-subsidy',
  'disability-nursing-subsidy',
];

interface CaseRow {
  case_id: string;
  person_ref: string;
  programme: MonthlyProgramme;
  town: string;
  snapshot: Household;
  death_date: string | null;
}

export function paymentId(month: string, caseId: string): string {
  return monthlyRun.paymentId(month, caseId);
}

/** Runs `month` inside the caller's transaction as `issuedBy` (a disburser); returns what it created. */
export function runPayments(
  m: EntityManager,
  outbox: Outbox,
  params: ParameterSet,
  month: string,
  issuedBy: string,
  now: Date,
): Promise<RunOutcome> {
  const firstDay = `${month}-01`;
  return monthlyRun.runMonth(m, outbox, ASSISTANCE_RUN, month, issuedBy, now, async (after, limit) => {
    const rows: CaseRow[] = await m.query(
      `SELECT c.case_id, c.person_ref, c.programme, c.town, h.snapshot, to_char(d.death_date, 'YYYY-MM-DD') AS death_date
         FROM assistance_case c
         JOIN household h ON h.household_id = c.household_id
         LEFT JOIN person_death d ON d.person_ref = c.person_ref AND d.status <> 'revoked'
        WHERE c.status = 'active' AND c.programme = ANY($1) AND (c.effective_from IS NULL OR c.effective_from <= $2)
          AND c.case_id > $3
          AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.case_id = c.case_id AND p.month = $4
                            AND NOT (p.status = 'stopped' AND p.stop_reason = 'death'))
        ORDER BY c.case_id LIMIT $5`,
      [MONTHLY_PROGRAMMES, firstDay, after, month, limit],
    );
    return rows.map((r): RunCandidate => {
      const owed = monthlyAmount(
        {
          caseId: r.case_id,
          programme: r.programme,
          household: r.snapshot,
          beneficiaryRef: r.person_ref,
          deathDate: r.death_date,
        },
        month,
        params,
      );
      const deceased = r.death_date !== null && r.death_date < firstDay;
      return {
        cursor: r.case_id,
        line: {
          paymentId: paymentId(month, r.case_id),
          subjectId: r.case_id,
          personRef: r.person_ref,
          programme: r.programme,
          town: r.town,
          amountFen: owed.amountFen,
        },
        ...(owed.amountFen === 0 ? { skip: deceased ? ('deceased' as const) : ('not-eligible' as const) } : {}),
      };
    });
  });
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
