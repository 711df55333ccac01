// The amounts a case is owed from a month on, decided ahead (docs/adr/0015-decided-case-amounts.md).
// A month's amount is monthlyAmount(): the means test of the household with the parameters and the
// members' ages on the month's 1st. With the household fixed, it can change only on a 1st on or after
// a day some parameter value takes effect, or a member reaches an age the rules look at. So the
// schedule evaluates those 1sts alone and keeps each one whose amount differs from the one before:
// the run then pays the row in force on its month's 1st, which is the amount monthlyAmount() gives.
import { addMonths, firstOfMonth } from '@civic/calendar';
import { ParameterLookupError, ParameterSet } from '@civic/policy-params';
import { AGE_GROUP_LIMITS } from '../means-test/age-groups';
import { monthlyAmount, PaymentSubject } from './payment-amount';

export interface ScheduledAmount {
  /** A first of a month, from which the amount holds until the next entry. */
  effectiveFrom: string;
  amountFen: number;
  /** The reasons' rules, for the record (the full reasons come from the means test of that day). */
  basis: string;
}

const MINOR_LIMIT_KEY = 'assistance.extreme_poverty.minor_age_limit';

/** The first of a month on or after `date`: the first 1st whose amount a change on `date` governs. */
export function governingFirst(date: string): string {
  return date.endsWith('-01') ? date : firstOfMonth(addMonths(date, 1).slice(0, 7));
}

/** The 1sts after `from` on which an age of a member can change the amount. */
function birthdayFirsts(subject: PaymentSubject, from: string, params: ParameterSet): string[] {
  const limits = new Set(AGE_GROUP_LIMITS);
  for (const day of [from, ...params.changeDates(from, [MINOR_LIMIT_KEY])]) {
    try {
      limits.add(params.countAt(MINOR_LIMIT_KEY, day));
    } catch (e) {
      if (!(e instanceof ParameterLookupError)) throw e;
    }
  }
  return subject.household.members.flatMap((m) =>
    [...limits].map((age) => governingFirst(addMonths(m.birthDate, 12 * age))).filter((d) => d > from),
  );
}

/**
 * The amount schedule of `subject` from the 1st `from` on: the first entry is `from` itself, each
 * later one a 1st on which the amount changes. A beneficiary no longer in the household is owed 0
 * (the case needs re-verification, as for any amount that falls to 0).
 */
export function amountSchedule(subject: PaymentSubject, from: string, params: ParameterSet): ScheduledAmount[] {
  const days = [
    ...new Set([from, ...params.changeDates(from).map(governingFirst), ...birthdayFirsts(subject, from, params)]),
  ].sort();
  const out: ScheduledAmount[] = [];
  for (const day of days) {
    let amountFen: number;
    let basis: string;
    try {
      const owed = monthlyAmount({ ...subject, deathDate: null }, day.slice(0, 7), params);
      amountFen = owed.amountFen;
      basis = [...new Set(owed.reasons.map((r) => r.rule))].join(', ');
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      amountFen = 0;
      basis = 'payment.beneficiary-not-a-member';
    }
    if (out.length && out[out.length - 1].amountFen === amountFen) continue;
    out.push({ effectiveFrom: day, amountFen, basis });
  }
  return out;
}
