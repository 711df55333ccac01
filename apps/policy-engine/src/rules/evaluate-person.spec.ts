import { evaluatePerson } from './evaluate-person';
import { PersonFacts } from '../person-view/person-facts';
import { Rule } from './rule';
import { policyParameters } from '../evaluation/policy-parameters';

const base: Omit<Rule, 'id' | 'evaluate'> = {
  version: 1,
  effectiveFrom: '2016-01-01',
  department: 'assistance',
  programme: 'dibao',
  scope: 'person',
  priority: 'normal',
  summary: 's',
};
const facts: PersonFacts = {
  personRef: 'p',
  programmes: [],
  householdProgrammes: [],
  expenses: [],
  parents: [],
  sources: {},
};

describe('evaluatePerson', () => {
  it('records a rule that throws as failed for the person and still runs the other rules', () => {
    const rules: Rule[] = [
      {
        ...base,
        id: 'throws',
        evaluate: () => {
          throw new Error('boom');
        },
      },
      { ...base, id: 'holds', evaluate: () => ({ eligible: true, facts: [{ name: 'x', value: 1 }], parameters: [] }) },
    ];
    const outcomes = evaluatePerson(facts, policyParameters(), '2025-01-01', rules);
    expect(outcomes.map((o) => [o.rule.id, o.status])).toEqual([
      ['throws', 'failed'],
      ['holds', 'alertable'],
    ]);
    expect(outcomes[0]).toMatchObject({ error: 'Error: boom' });
  });

  it('reports a parameter lookup before the first value as a failure of that rule, not of the run', () => {
    const rules: Rule[] = [
      {
        ...base,
        id: 'early',
        evaluate: (_f, p, d) => ({
          eligible: p.valueAt('assistance.low_income.multiplier', d).value === '1.5',
          facts: [],
          parameters: [],
        }),
      },
    ];
    expect(evaluatePerson(facts, policyParameters(), '2019-06-01', rules)[0]).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('ParameterLookupError'),
    });
  });

  it('selects the rule version in force on the date', () => {
    const v1: Rule = {
      ...base,
      id: 'r',
      effectiveTo: '2024-12-31',
      evaluate: () => ({ eligible: false, facts: [], parameters: [] }),
    };
    const v2: Rule = {
      ...base,
      id: 'r',
      version: 2,
      effectiveFrom: '2025-01-01',
      evaluate: () => ({ eligible: true, facts: [], parameters: [] }),
    };
    expect(evaluatePerson(facts, policyParameters(), '2024-12-31', [v1, v2]).map((o) => o.rule.version)).toEqual([1]);
    expect(evaluatePerson(facts, policyParameters(), '2025-01-01', [v1, v2]).map((o) => o.rule.version)).toEqual([2]);
  });
});
