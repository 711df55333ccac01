import { DecisionBuilder, Rule } from './rule';
import { ageAt, deadOn } from './rule-helpers';

// docs/domain.md §3 orphan (孤儿): both parents dead, the child under the age-out age.
export const orphanRule: Rule = {
  id: 'orphan-child',
  version: 1,
  effectiveFrom: '2016-01-01',
  department: 'child-welfare',
  programme: 'orphan',
  scope: 'person',
  priority: 'high',
  summary: "Both of the child's parents are recorded dead.",
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const age = ageAt(f.birthDate, date);
    d.fact('age', age);
    const ageOut = d.param('child.age_out').value as number;
    for (const p of f.parents) d.fact(`${p.role}.deathDate`, p.deathDate);
    d.param('child.orphan.family.monthly');
    if (age === undefined || age >= ageOut || f.parents.length < 2) return d.decide(false);
    return d.decide(f.parents.every((p) => deadOn(p, date)));
  },
};
