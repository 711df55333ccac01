import { DecisionBuilder, Rule } from './rule';
import { economicStatus } from './rule-helpers';

// docs/domain.md §1 disability two subsidies: the living subsidy for disabled people in hardship
// (a dibao or low-income household).
export const disabilityLivingSubsidyRule: Rule = {
  id: 'disability-living-subsidy',
  version: 1,
  effectiveFrom: '2016-01-01',
  department: 'assistance',
  programme: 'disability-living-subsidy',
  scope: 'person',
  priority: 'normal',
  summary: 'Certified disability in a dibao or low-income household.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const status = economicStatus(f);
    d.fact('disabilityLevel', f.disabilityLevel);
    d.fact('household.economicStatus', status);
    d.param('disability.living_subsidy.monthly');
    const disabled = f.disabilityLevel !== undefined && f.disabilityLevel !== null;
    return d.decide(disabled && (status === 'dibao' || status === 'low-income'));
  },
};
