// What a case is owed for one month (docs/domain.md §1 Payments: "computes every active case's amount
// from the standard in force that month ... never pay a person after their recorded date of death").
//
// The 1st of the month governs, for the amount and for death alike:
// - a monthly benefit is paid for the whole month, so the values in force when the month begins
//   decide it; a standard raised mid-month applies from the next month, with no day-proration
//   (the plan states standards as amounts per month), and standards normally start on the 1st anyway;
// - the person must be alive when the month begins: death before the 1st means no payment for that
//   month or any later one, while a death during the month does not claw that month back.
// The same comparison (month start > death date) flags payments already issued after a death.
import type { ParameterSet } from '@civic/policy-params';
import type { Household } from '../households/household.model';
import { firstOfMonth, monthsBetween } from '@civic/calendar';
import { meansTest } from '../means-test/means-test';
import { factReason, Reason, yuan } from '../means-test/reason';

/** Programmes paid every month (temporary assistance is a one-off, referrals are not cash). */
export type MonthlyProgramme = 'dibao' | 'extreme-poverty' | 'disability-living-subsidy' | 'disability-nursing-subsidy';

export interface PaymentSubject {
  caseId: string;
  programme: MonthlyProgramme;
  household: Household;
  /** The person paid: the applicant for dibao, the member for per-person programmes. */
  beneficiaryRef: string;
  deathDate: string | null;
}

export interface MonthlyAmount {
  month: string;
  governingDate: string;
  amountFen: number;
  reasons: Reason[];
}

/** The amount owed to `subject` for `month` ('YYYY-MM'), from the parameters in force on its 1st. */
export function monthlyAmount(subject: PaymentSubject, month: string, params: ParameterSet): MonthlyAmount {
  const governingDate = firstOfMonth(month);
  if (subject.deathDate !== null && subject.deathDate < governingDate) {
    return {
      month,
      governingDate,
      amountFen: 0,
      reasons: [
        factReason('payment.beneficiary-deceased', `recorded death on ${subject.deathDate}, before ${governingDate}`),
      ],
    };
  }
  const result = meansTest(subject.household, governingDate, params).programmes[subject.programme];
  const owed =
    subject.programme === 'dibao' ? result : result.members?.find((m) => m.personRef === subject.beneficiaryRef);
  if (!owed)
    throw new RangeError(
      `case ${subject.caseId}: beneficiary is not a member of household ${subject.household.householdId}`,
    );
  if (!owed.eligible || !owed.amount) {
    // Paying nothing is right here; the case needs re-verification, which the payment run reports.
    return {
      month,
      governingDate,
      amountFen: 0,
      reasons: [
        factReason('payment.no-longer-eligible', `not eligible for ${subject.programme} on ${governingDate}`),
        ...owed.reasons,
      ],
    };
  }
  return { month, governingDate, amountFen: owed.amount.fen, reasons: owed.reasons };
}

/** Issued payments whose month starts after the recorded death date: each is an audit finding. */
export function paymentsAfterDeath<T extends { month: string }>(issued: readonly T[], deathDate: string): T[] {
  return issued.filter((p) => firstOfMonth(p.month) > deathDate);
}

/**
 * Arrears for a reinstated case (e.g. a death record revoked): every month from the suspension
 * month to the reinstatement month, both included, not already paid, each at its own month's values.
 * The caller records each line as that month's payment, so the idempotent monthly run (one payment
 * per case and month) cannot pay the reinstatement month a second time.
 */
export function arrears(
  subject: PaymentSubject,
  suspendedOn: string,
  reinstatedOn: string,
  paidMonths: readonly string[],
  params: ParameterSet,
): { months: MonthlyAmount[]; totalFen: number; reasons: Reason[] } {
  const paid = new Set(paidMonths);
  const months = monthsBetween(suspendedOn.slice(0, 7), reinstatedOn.slice(0, 7))
    .filter((m) => !paid.has(m))
    .map((m) => monthlyAmount(subject, m, params));
  const totalFen = months.reduce((sum, m) => sum + m.amountFen, 0);
  const detail = `${months.length} unpaid month(s) from ${suspendedOn} to ${reinstatedOn}: ${yuan(totalFen)}`;
  return { months, totalFen, reasons: [factReason('payment.arrears', detail)] };
}
