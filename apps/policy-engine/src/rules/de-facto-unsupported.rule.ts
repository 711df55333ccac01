import { ParentFact } from '../person-view/person-facts';
import { DecisionBuilder, Rule } from './rule';
import { absenceOn, ageAt, deadOn, imprisonedOn } from './rule-helpers';

// docs/domain.md §3 de-facto unsupported child (事实无人抚养儿童): both parents severely disabled,
// seriously ill, imprisoned (or in compulsory rehabilitation), missing or deported, or one of these
// with the other dead. Both dead is an orphan, not this.
export const deFactoUnsupportedRule: Rule = {
  id: 'de-facto-unsupported-child',
  version: 1,
  effectiveFrom: '2016-01-01',
  department: 'child-welfare',
  programme: 'de-facto-unsupported',
  scope: 'person',
  priority: 'high',
  summary:
    'Neither parent can support the child (death, imprisonment, compulsory rehabilitation, missing, deported, severe disability or serious illness).',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const age = ageAt(f.birthDate, date);
    d.fact('age', age);
    const ageOut = d.param('child.age_out').value as number;
    const severeUpTo = d.param('disability.nursing_subsidy.max_level').value as number;
    d.param('child.de_facto_unsupported.monthly');
    const situation = (p: ParentFact): string => {
      if (deadOn(p, date)) return 'dead';
      if (imprisonedOn(p, date)) return 'imprisoned';
      const absence = absenceOn(p, date);
      if (absence === 'imprisonment') return 'imprisoned';
      if (absence) return absence;
      if (p.disabilityLevel !== undefined && p.disabilityLevel !== null && p.disabilityLevel <= severeUpTo)
        return 'severely-disabled';
      if (p.seriousIllness === true) return 'seriously-ill';
      return 'able';
    };
    const situations = f.parents.map((p) => ({ role: p.role, s: situation(p) }));
    for (const s of situations) d.fact(`${s.role}.situation`, s.s);
    if (age === undefined || age >= ageOut || situations.length < 2) return d.decide(false);
    const unable = situations.every((s) => s.s !== 'able');
    const bothDead = situations.every((s) => s.s === 'dead');
    return d.decide(unable && !bothDead);
  },
};
