import { DecisionBuilder, Rule } from './rule';

// docs/domain.md §1 low-income household: per-capita income above the dibao standard and up to
// multiplier × standard (2020: 1101-1650 yuan), assets within the dibao limit.
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
    const h = f.household;
    d.fact('household.perCapitaMonthlyIncomeFen', h?.perCapitaMonthlyIncomeFen);
    d.fact('household.financialAssetsFen', h?.financialAssetsFen);
    const standard = d.param('assistance.dibao.standard.urban').value as number;
    const ceiling = d.derived('assistance.low_income.ceiling').value as number;
    const limit = d.param('assistance.dibao.asset_limit.per_capita_financial_assets').value as number;
    if (!h || h.perCapitaMonthlyIncomeFen === undefined || !h.memberCount) return d.decide(false);
    const assetsPass = (h.financialAssetsFen ?? 0) <= limit * h.memberCount;
    const pc = h.perCapitaMonthlyIncomeFen;
    return d.decide(pc > standard && pc <= ceiling && assetsPass);
  },
};
