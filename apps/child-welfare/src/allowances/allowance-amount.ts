import { ParameterLookupError, ParameterSet, ParameterValue } from '@civic/policy-params';
import { CareMode, ChildCategory } from '../categories/category-rules';

/** The monthly amount of a child's allowance and the dated values it was decided from. */
export interface AllowanceAmount {
  monthlyAmountFen: number;
  parameters: ParameterValue[];
}

/** The standard of each category with an allowance; de-facto unsupported children are paid their own key (the family-orphan level from 2021). */
export function standardKey(category: ChildCategory, careMode: CareMode): string | undefined {
  if (category === 'orphan')
    return careMode === 'institution' ? 'child.orphan.institution.monthly' : 'child.orphan.family.monthly';
  if (category === 'de-facto-unsupported') return 'child.de_facto_unsupported.monthly';
  return undefined;
}

/**
 * The allowance on `date` (docs/domain.md §3): the category's dated standard, raised to the goal of
 * child.standard.multiplier × the dibao standard (child.orphan_standard_goal) where that goal is in force
 * and higher, so the amount moves with the dibao standard. Undefined for a category without an allowance.
 */
export function allowanceAmount(
  params: ParameterSet,
  category: ChildCategory,
  careMode: CareMode,
  date: string,
): AllowanceAmount | undefined {
  const key = standardKey(category, careMode);
  if (!key) return undefined;
  const standard = params.valueAt(key, date);
  let goal: ParameterValue | undefined;
  try {
    goal = params.derivedAt('child.orphan_standard_goal', date);
  } catch (e) {
    // before the goal's first date (2021) only the standard applies
    if (!(e instanceof ParameterLookupError && e.reason === 'no-value-yet')) throw e;
  }
  const amount = Math.max(Number(standard.value), goal ? Number(goal.value) : 0);
  return { monthlyAmountFen: amount, parameters: goal ? [standard, goal] : [standard] };
}
