import { HouseholdIncome, incomeFromPerCapitaMonthly, StandardArea } from '@civic/eligibility';
import { DecisionBuilder } from './rule';
import { PersonFacts } from '../person-view/person-facts';

// How the dibao and low-income rules read a household's means from the view, in one place.

/** A household's income and assets as the eligibility tests take them. */
export interface HouseholdMeans {
  income: HouseholdIncome;
  financialAssetsFen: number;
}

/**
 * The area whose dibao standard applies. A household no event gave an area (only v1 household
 * events, which had none) is judged against the urban standard, as the rules did before v2.
 */
export function standardAreaOf(f: PersonFacts): StandardArea {
  return f.household?.standardArea ?? 'urban';
}

/**
 * Reads (and records as decision facts) the household's income, area and assets. The exact annual
 * income comes from v2 household events; a household last told of by a v1 event has only the
 * rounded per-capita figure, which is then taken as exact, as the rules did before v2.
 */
export function householdMeans(f: PersonFacts, d: DecisionBuilder): HouseholdMeans | undefined {
  const h = f.household;
  d.fact('household.perCapitaMonthlyIncomeFen', h?.perCapitaMonthlyIncomeFen);
  d.fact('household.memberCount', h?.memberCount);
  d.fact('household.financialAssetsFen', h?.financialAssetsFen);
  if (h?.annualIncomeFen !== undefined && h.annualIncomeFen !== null)
    d.fact('household.annualIncomeFen', h.annualIncomeFen);
  d.fact('household.standardArea', standardAreaOf(f));
  if (!h || !h.memberCount) return undefined;
  const income =
    typeof h.annualIncomeFen === 'number'
      ? { annualIncomeFen: h.annualIncomeFen, memberCount: h.memberCount }
      : h.perCapitaMonthlyIncomeFen !== undefined
        ? incomeFromPerCapitaMonthly(h.perCapitaMonthlyIncomeFen, h.memberCount)
        : undefined;
  if (!income) return undefined;
  return { income, financialAssetsFen: h.financialAssetsFen ?? 0 };
}
