import { DecisionBuilder, Rule } from './rule';
import { ageAt, deadOn, ELDERLY_FROM_AGE } from './rule-helpers';

// docs/domain.md §1 extreme poverty (特困, "三无"): no labour capacity, no income, no legal supporter able
// to support; and elderly, disabled, or a minor under the dated age limit (16, then 18).
export const extremePovertyRule: Rule = {
  id: 'extreme-poverty-support',
  version: 1,
  effectiveFrom: '2016-01-01',
  department: 'assistance',
  programme: 'extreme-poverty',
  scope: 'person',
  priority: 'high',
  summary: 'No labour capacity, no income and no able supporter, and elderly, disabled or a covered minor.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const age = ageAt(f.birthDate, date);
    d.fact('age', age);
    d.fact('labourCapacity', f.labourCapacity);
    d.fact('monthlyIncomeFen', f.monthlyIncomeFen);
    d.fact('disabilityLevel', f.disabilityLevel);
    const minorLimit = d.param('assistance.extreme_poverty.minor_age_limit').value as number;
    // a legal supporter able to support: another living household member with labour capacity
    const supporters = (f.household?.members ?? []).filter(
      (m) =>
        m.personRef !== f.personRef &&
        !deadOn(m, date) &&
        (m.labourCapacity === 'full' || m.labourCapacity === 'partial'),
    );
    d.fact('household.ableSupporters', supporters.length);
    if (age === undefined) return d.decide(false);
    const threeNo =
      f.labourCapacity === 'none' &&
      (f.monthlyIncomeFen ?? 0) === 0 &&
      f.monthlyIncomeFen !== undefined &&
      supporters.length === 0;
    const category = age >= ELDERLY_FROM_AGE || (f.disabilityLevel ?? null) !== null || age < minorLimit;
    return d.decide(threeNo && category);
  },
};
