import { multiplyFen } from '@civic/policy-params';
import { DecisionBuilder, Rule } from './rule';
import { rigidSpendingFen } from './rule-helpers';

// docs/domain.md §4 and "policy finds people": a hospital bill or illness crowdfunding that makes the
// person's medical spending pass the expenditure-hardship threshold is referred to the charity
// major-illness help centre (政府救助与慈善救助衔接).
export const charityReferralRule: Rule = {
  id: 'charity-major-illness-referral',
  version: 1,
  effectiveFrom: '2021-01-01',
  department: 'charity',
  programme: 'charity-aid',
  scope: 'person',
  priority: 'normal',
  summary: 'Medical spending in the last 12 months passed the hardship share of household income.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const share = d.param('assistance.expenditure_hardship.threshold_share').value as string;
    const { medicalFen } = rigidSpendingFen(f.expenses, date, f.personRef);
    const monthly = f.household?.totalMonthlyIncomeFen ?? f.monthlyIncomeFen;
    d.fact('medicalSpending12MonthsFen', medicalFen);
    d.fact('household.totalMonthlyIncomeFen', monthly);
    if (monthly === undefined) return d.decide(false);
    const thresholdFen = multiplyFen(monthly * 12, share, 'up');
    d.fact('medicalSpendingThresholdFen', thresholdFen);
    return d.decide(medicalFen > 0 && medicalFen >= thresholdFen);
  },
};
