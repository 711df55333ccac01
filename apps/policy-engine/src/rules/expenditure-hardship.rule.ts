import { multiplyFen } from '@civic/policy-params';
import { DecisionBuilder, Rule } from './rule';
import { rigidSpendingFen } from './rule-helpers';

// docs/domain.md §1 expenditure-type hardship (支出型困难家庭): rigid spending in the last 12 months at or
// above threshold_share × household annual disposable income; hospital bills and crowdfunding count.
export const expenditureHardshipRule: Rule = {
  id: 'expenditure-hardship',
  version: 1,
  effectiveFrom: '2021-01-01',
  department: 'assistance',
  programme: 'expenditure-hardship',
  scope: 'household',
  priority: 'normal',
  summary: 'Rigid spending in the last 12 months reached the set share of household annual income.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const share = d.param('assistance.expenditure_hardship.threshold_share').value as string;
    const monthly = f.household?.totalMonthlyIncomeFen;
    d.fact('household.totalMonthlyIncomeFen', monthly);
    const { totalFen } = rigidSpendingFen(f.expenses, date);
    d.fact('household.rigidSpending12MonthsFen', totalFen);
    if (!f.household || monthly === undefined) return d.decide(false);
    // rounding the threshold up keeps "spending ≥ share × income" exact for integer spending
    const thresholdFen = multiplyFen(monthly * 12, share, 'up');
    d.fact('household.rigidSpendingThresholdFen', thresholdFen);
    return d.decide(totalFen > 0 && totalFen >= thresholdFen);
  },
};
