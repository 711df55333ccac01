import { ASSET_LIMIT_KEY, assetsWithinLimit, dibaoStandardKey, incomeBelowStandard } from '@civic/eligibility';
import { householdMeans, standardAreaOf } from './household-means';
import { DecisionBuilder, Rule } from './rule';

// docs/domain.md §1 dibao: household per-capita monthly income below the standard of the household's
// area and financial assets within the per-capita limit. The tests are libs/eligibility's, the
// ones the social-assistance means test runs, so the alert and the means test agree.
export const dibaoIncomeRule: Rule = {
  id: 'dibao-income-below-standard',
  version: 1,
  effectiveFrom: '2016-01-01',
  department: 'assistance',
  programme: 'dibao',
  scope: 'household',
  priority: 'high',
  summary: 'Household per-capita income is below the dibao standard and assets are within the limit.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const means = householdMeans(f, d);
    const standard = d.param(dibaoStandardKey(standardAreaOf(f))).value as number;
    const limit = d.param(ASSET_LIMIT_KEY).value as number;
    if (!means) return d.decide(false);
    const { income, financialAssetsFen } = means;
    return d.decide(
      incomeBelowStandard(income, standard) && assetsWithinLimit(financialAssetsFen, income.memberCount, limit),
    );
  },
};
