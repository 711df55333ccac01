import { ParameterSet } from '@civic/policy-params';
import { enrolledIn } from '../person-view/person-facts';
import { DecisionBuilder, Rule } from './rule';
import { ageAt } from './rule-helpers';

// The allowance bands are the parameters elder.high_age_allowance.age_<N>: the band of age N and
// over up to the next band (80-89, 90-99, 100+). The band ages come from the keys, the amounts
// from the dated values. A set's keys never change: its bands are read once per set, not once per
// person evaluated (sorting every key per person was the rules' largest cost, docs/benchmarks.md P6).
const bandsOf = new WeakMap<ParameterSet, readonly { age: number; key: string }[]>();
export function highAgeBands(params: ParameterSet): readonly { age: number; key: string }[] {
  let bands = bandsOf.get(params);
  if (!bands) {
    bands = readBands(params);
    bandsOf.set(params, bands);
  }
  return bands;
}

function readBands(params: ParameterSet): { age: number; key: string }[] {
  return params
    .keys()
    .map((key) => ({ key, m: /^elder\.high_age_allowance\.age_(\d+)$/.exec(key) }))
    .filter((x): x is { key: string; m: RegExpExecArray } => x.m !== null)
    .map(({ key, m }) => ({ age: Number(m[1]), key }))
    .sort((a, b) => a.age - b.age);
}

// docs/domain.md §2: the allowance rises by age band; an elder already receiving it who reaches a
// higher band (or is paid below the band's amount) must have the grant adjusted.
export const highAgeBandRule: Rule = {
  id: 'high-age-allowance-band',
  version: 1,
  effectiveFrom: '2018-01-01',
  department: 'eldercare',
  scope: 'person',
  priority: 'normal',
  summary: 'High-age allowance is paid below the amount of the age band now reached.',
  evaluate(f, params, date) {
    const d = new DecisionBuilder(f, params, date);
    const age = ageAt(f.birthDate, date);
    d.fact('age', age);
    const grant = f.programmes.find((p) => p.department === 'eldercare' && p.programme === 'high-age');
    d.fact('programme.eldercare.high-age.monthlyAmountFen', grant?.monthlyAmountFen);
    const band =
      age === undefined
        ? undefined
        : highAgeBands(params)
            .filter((b) => b.age <= age)
            .pop();
    if (!band || !enrolledIn(f.programmes, 'eldercare', 'high-age')) return d.decide(false);
    d.fact('ageBand', band.age);
    const amount = d.param(band.key).value as number;
    return d.decide((grant?.monthlyAmountFen ?? 0) < amount);
  },
};
