import { DecisionBuilder, Rule } from './rule';
import { ageAt } from './rule-helpers';

// docs/domain.md §2 high-age allowance (高龄老人津贴) from the dated minimum age (80).
export const highAgeAllowanceRule: Rule = {
  id: 'high-age-allowance',
  version: 1,
  effectiveFrom: '2018-01-01',
  department: 'eldercare',
  programme: 'high-age',
  scope: 'person',
  priority: 'normal',
  summary: 'Reached the high-age allowance age.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const age = ageAt(f.birthDate, date);
    d.fact('birthDate', f.birthDate);
    d.fact('age', age);
    const minAge = d.param('elder.high_age_allowance.min_age').value as number;
    return d.decide(age !== undefined && age >= minAge);
  },
};
