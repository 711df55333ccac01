import { ParameterSet } from '@civic/policy-params';
import { allowanceAmount } from '../allowances/allowance-amount';
import { CareMode, ChildCategory } from '../categories/category-rules';

/** What the run reads of a child whose grant is in force on the month's first day. */
export interface PayableGrant {
  category: ChildCategory;
  careMode: CareMode;
  /** The 18th birthday (child.age_out), 'YYYY-MM-DD'. */
  ageOutDate: string;
  /** The child's own recorded death, if any. */
  deathDate: string | null;
}

export type MonthDecision = { amountFen: number } | { amountFen: 0; skip: 'deceased' | 'not-eligible' };

/**
 * What a child's grant pays for `month` (docs/domain.md "Payments" and §3): the amount the dated
 * parameters (with the runtime-scheduled dibao standard) give the grant's category on the month's first
 * day, not the amount stored at grant time; nothing after a death before that day, and nothing from
 * the month of the 18th birthday on, whether or not the age-out has been processed yet.
 */
export function payableMonth(params: ParameterSet, grant: PayableGrant, month: string): MonthDecision {
  const firstDay = `${month}-01`;
  if (grant.deathDate !== null && grant.deathDate < firstDay) return { amountFen: 0, skip: 'deceased' };
  if (grant.ageOutDate.slice(0, 7) <= month) return { amountFen: 0, skip: 'not-eligible' };
  const amount = allowanceAmount(params, grant.category, grant.careMode, firstDay);
  if (!amount) return { amountFen: 0, skip: 'not-eligible' };
  return { amountFen: amount.monthlyAmountFen };
}
