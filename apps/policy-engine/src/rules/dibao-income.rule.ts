import { DecisionBuilder, Rule } from './rule';

// docs/domain.md §1 dibao: household per-capita monthly income below the standard (urban = rural, Plan
// 专栏1 indicator 2) and financial assets within the per-capita limit.
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
    const h = f.household;
    d.fact('household.perCapitaMonthlyIncomeFen', h?.perCapitaMonthlyIncomeFen);
    d.fact('household.memberCount', h?.memberCount);
    d.fact('household.financialAssetsFen', h?.financialAssetsFen);
    const standard = d.param('assistance.dibao.standard.urban').value as number;
    const limit = d.param('assistance.dibao.asset_limit.per_capita_financial_assets').value as number;
    if (!h || h.perCapitaMonthlyIncomeFen === undefined || !h.memberCount) return d.decide(false);
    const assetsPass = (h.financialAssetsFen ?? 0) <= limit * h.memberCount;
    return d.decide(h.perCapitaMonthlyIncomeFen < standard && assetsPass);
  },
};
