import { DecisionBuilder, Rule } from './rule';
import { addDays } from '@civic/calendar';
import { ageAt, ELDERLY_FROM_AGE } from './rule-helpers';

const SPECIAL_HARDSHIP = ['alone', 'empty-nest', 'left-behind', 'childless', 'family-planning-special'];

// docs/domain.md §2 visits: special-hardship elders (alone, empty-nest, left-behind, disabled, severely
// disabled, family-planning special) are visited monthly; a missing or overdue visit puts the
// elder on this month's visit list.
export const elderVisitRule: Rule = {
  id: 'elder-monthly-visit',
  version: 1,
  effectiveFrom: '2016-01-01',
  department: 'eldercare',
  scope: 'person',
  priority: 'normal',
  summary: 'Special-hardship elder without a visit within the visit interval.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const age = ageAt(f.birthDate, date);
    const situations = f.livingSituation ?? [];
    d.fact('age', age);
    d.fact('livingSituation', situations.join(',') || 'unknown');
    d.fact('lastVisitOn', f.lastVisitOn);
    const interval = d.param('elder.visit.interval_days').value as number;
    const special =
      f.monthlyVisitRequired === true ||
      situations.some((s) => SPECIAL_HARDSHIP.includes(s)) ||
      (f.disabilityLevel ?? null) !== null ||
      ['severe', 'complete-loss'].includes(f.abilityLevel ?? '');
    if (age === undefined || age < ELDERLY_FROM_AGE || !special) return d.decide(false);
    // a visit on day D covers up to D + interval; the day after, the elder is due again
    return d.decide(!f.lastVisitOn || addDays(f.lastVisitOn, interval) < date);
  },
};
