import { DecisionBuilder, Rule } from './rule';

// docs/domain.md §1 disability two subsidies: the nursing subsidy for severe disability (levels 1 to
// max_level), whatever the household income.
export const disabilityNursingSubsidyRule: Rule = {
  id: 'disability-nursing-subsidy',
  version: 1,
  effectiveFrom: '2016-01-01',
  department: 'assistance',
  programme: 'disability-nursing-subsidy',
  scope: 'person',
  priority: 'normal',
  summary: 'Severe disability (level within the nursing-subsidy range).',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    d.fact('disabilityLevel', f.disabilityLevel);
    const maxLevel = d.param('disability.nursing_subsidy.max_level').value as number;
    d.param('disability.nursing_subsidy.monthly');
    const level = f.disabilityLevel;
    return d.decide(level !== undefined && level !== null && level <= maxLevel);
  },
};
