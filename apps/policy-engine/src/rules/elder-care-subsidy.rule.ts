import { DecisionBuilder, Rule } from './rule';
import { ageAt, economicStatus, ELDERLY_FROM_AGE } from './rule-helpers';

const SEVERE = ['severe', 'complete-loss'];

// docs/domain.md §2 care subsidy: an elder assessed severely disabled (重度失能) in a dibao or low-income
// household (双低家庭).
export const elderCareSubsidyRule: Rule = {
  id: 'elder-care-subsidy',
  version: 1,
  effectiveFrom: '2018-01-01',
  department: 'eldercare',
  programme: 'care-subsidy',
  scope: 'person',
  priority: 'high',
  summary: 'Elder assessed severely disabled in a dibao or low-income household.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const age = ageAt(f.birthDate, date);
    const status = economicStatus(f);
    d.fact('age', age);
    d.fact('abilityLevel', f.abilityLevel);
    d.fact('household.economicStatus', status);
    d.param('elder.care_subsidy.dibao_low_income_disabled');
    const elder = age !== undefined && age >= ELDERLY_FROM_AGE;
    return d.decide(elder && SEVERE.includes(f.abilityLevel ?? '') && (status === 'dibao' || status === 'low-income'));
  },
};
