import {
  ASSET_LIMIT_KEY,
  assetsWithinLimit,
  dibaoStandardKey,
  LOW_INCOME_MULTIPLIER_KEY,
  withinLowIncomeBand,
} from '@civic/eligibility';
import { householdMeans, standardAreaOf } from './household-means';
import { DecisionBuilder, Rule } from './rule';

// docs/domain.md §1 low-income household: per-capita income above the dibao standard of the household's
// area and up to multiplier × standard (2020: 1101-1650 yuan), assets within the dibao limit. The
// tests are libs/eligibility's, the ones the social-assistance means test runs.
export const lowIncomeRule: Rule = {
  id: 'low-income-recognition',
  version: 1,
  effectiveFrom: '2020-01-01',
  department: 'assistance',
  programme: 'low-income',
  scope: 'household',
  priority: 'normal',
  summary: 'Household per-capita income is above the dibao standard and within the low-income ceiling.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const means = householdMeans(f, d);
    const standard = d.param(dibaoStandardKey(standardAreaOf(f))).value as number;
    const multiplier = String(d.param(LOW_INCOME_MULTIPLIER_KEY).value);
    const limit = d.param(ASSET_LIMIT_KEY).value as number;
    if (!means) return d.decide(false);
    const { income, financialAssetsFen } = means;
    return d.decide(
      withinLowIncomeBand(income, standard, multiplier) &&
        assetsWithinLimit(financialAssetsFen, income.memberCount, limit),
    );
  },
};
