import { multiplyFen, Ratio } from '@civic/policy-params';
import {
  annualForHousehold,
  divideHalfUp,
  HouseholdIncome,
  MONTHS_PER_YEAR,
  requireHouseholdIncome,
} from './household-income';

// The income conditions of dibao (最低生活保障) and the low-income household (低收入家庭), compared on
// the exact annual figure so that no rounding of the per-capita income decides a case.

/** Dibao: per-capita monthly income strictly below the standard `standardFen` (fen per person per month). */
export function incomeBelowStandard(income: HouseholdIncome, standardFen: number): boolean {
  const { annualIncomeFen, memberCount } = requireHouseholdIncome(income);
  return annualIncomeFen < annualForHousehold(standardFen, memberCount);
}

/**
 * Low-income household: per-capita monthly income above the standard and at most
 * `multiplier` × standard (2020: 1101-1650 yuan).
 */
export function withinLowIncomeBand(income: HouseholdIncome, standardFen: number, multiplier: Ratio): boolean {
  const { annualIncomeFen, memberCount } = requireHouseholdIncome(income);
  const standardAnnual = annualForHousehold(standardFen, memberCount);
  // rounding the ceiling down keeps the integer comparison exact: income ≤ c ⇔ income ≤ ⌊c⌋
  const ceilingAnnual = multiplyFen(standardAnnual, multiplier, 'down');
  return annualIncomeFen > standardAnnual && annualIncomeFen <= ceilingAnnual;
}

/** The low-income per-capita monthly ceiling, rounded down to the fen (for explanations). */
export function lowIncomeCeilingFen(standardFen: number, multiplier: Ratio): number {
  return multiplyFen(standardFen, multiplier, 'down');
}

/**
 * The dibao gap per month: (standard − per-capita income) × members, i.e. standard × members −
 * household monthly income, rounded half-up once; 0 when income is not below the standard.
 */
export function dibaoGapMonthlyFen(income: HouseholdIncome, standardFen: number): number {
  const { annualIncomeFen, memberCount } = requireHouseholdIncome(income);
  const gapAnnual = annualForHousehold(standardFen, memberCount) - annualIncomeFen;
  return gapAnnual > 0 ? divideHalfUp(gapAnnual, MONTHS_PER_YEAR) : 0;
}
