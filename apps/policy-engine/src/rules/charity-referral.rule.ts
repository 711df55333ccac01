import { multiplyFen } from '@civic/policy-params';
import { DecisionBuilder, Rule } from './rule';
import { rigidSpendingFen } from './rule-helpers';

// docs/domain.md §4 and "policy finds people": a hospital bill or illness crowdfunding that makes the
// person's medical spending pass the expenditure-hardship threshold is referred to the charity
// major-illness help centre (政府救助与慈善救助衔接).
// v2: the help centre's answer without aid (charity.referral.resolved: declined, not eligible, no funds)
// closes the referral of that spending, so only spending dated after the answer counts; a person with no
// answered referral is decided as by v1.
export const charityReferralRule: Rule = {
  id: 'charity-major-illness-referral',
  version: 2,
  effectiveFrom: '2021-01-01',
  department: 'charity',
  programme: 'charity-aid',
  scope: 'person',
  priority: 'normal',
  summary: 'Medical spending in the last 12 months passed the hardship share of household income.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const share = d.param('assistance.expenditure_hardship.threshold_share').value as string;
    const answeredOn = f.programmes.find(
      (p) => p.department === 'charity' && p.programme === 'charity-aid' && p.status === 'rejected' && p.to,
    )?.to;
    const expenses = answeredOn ? f.expenses.filter((e) => e.date > answeredOn) : f.expenses;
    if (answeredOn) d.fact('charityReferralAnsweredOn', answeredOn);
    const { medicalFen } = rigidSpendingFen(expenses, date, f.personRef);
    const monthly = f.household?.totalMonthlyIncomeFen ?? f.monthlyIncomeFen;
    d.fact('medicalSpending12MonthsFen', medicalFen);
    d.fact('household.totalMonthlyIncomeFen', monthly);
    if (monthly === undefined) return d.decide(false);
    const thresholdFen = multiplyFen(monthly * 12, share, 'up');
    d.fact('medicalSpendingThresholdFen', thresholdFen);
    return d.decide(medicalFen > 0 && medicalFen >= thresholdFen);
  },
};
