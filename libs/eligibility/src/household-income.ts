// The per-capita arithmetic of the means test. Income is kept as an exact annual integer in fen and
// compared exactly (per-capita monthly income x < s ⇔ annual < s × 12 × members); a monthly or
// per-capita figure is only ever rounded for display or for a payload field, never before a verdict.

// A year has 12 months: the one structural constant used to annualise and monthly-ise income.
export const MONTHS_PER_YEAR = 12;

/** A household's income as the eligibility tests read it: exact annual fen and the member count. */
export interface HouseholdIncome {
  annualIncomeFen: number;
  memberCount: number;
}

/** n / d rounded half-up, for non-negative integers n and positive integers d. */
export function divideHalfUp(n: number, d: number): number {
  return Math.floor((2 * n + d) / (2 * d));
}

/** Household monthly income, rounded half-up to the fen (display and payloads only). */
export function householdMonthlyIncomeFen(income: HouseholdIncome): number {
  return divideHalfUp(requireHouseholdIncome(income).annualIncomeFen, MONTHS_PER_YEAR);
}

/** Per-capita monthly income, rounded half-up to the fen (display and payloads only). */
export function perCapitaMonthlyIncomeFen(income: HouseholdIncome): number {
  const { annualIncomeFen, memberCount } = requireHouseholdIncome(income);
  return divideHalfUp(annualIncomeFen, MONTHS_PER_YEAR * memberCount);
}

/**
 * The income of a household known only by a per-capita monthly figure (events that carry no exact
 * annual income): that figure taken as exact. It was rounded when it was computed, so a verdict
 * from it can differ from the exact one by the rounding; use it only where nothing exact exists.
 */
export function incomeFromPerCapitaMonthly(perCapitaMonthlyFen: number, memberCount: number): HouseholdIncome {
  return requireHouseholdIncome({ annualIncomeFen: perCapitaMonthlyFen * MONTHS_PER_YEAR * memberCount, memberCount });
}

/** The annual figure a per-member monthly standard amounts to for the whole household. */
export function annualForHousehold(monthlyPerCapitaFen: number, memberCount: number): number {
  return monthlyPerCapitaFen * MONTHS_PER_YEAR * memberCount;
}

/**
 * `income`, refused when it has no members or a fractional or negative figure: that is a caller's
 * defect, and the predicates would otherwise answer confidently about nothing.
 */
export function requireHouseholdIncome(income: HouseholdIncome): HouseholdIncome {
  const { annualIncomeFen, memberCount } = income;
  if (!Number.isSafeInteger(memberCount) || memberCount < 1)
    throw new RangeError(`memberCount must be a positive integer, got ${memberCount}`);
  if (!Number.isSafeInteger(annualIncomeFen) || annualIncomeFen < 0)
    throw new RangeError(`annualIncomeFen must be a non-negative integer, got ${annualIncomeFen}`);
  return income;
}
