import { matches, parseQuery } from './registry-query';

describe('DCI registry queries', () => {
  it('reads idtype-value queries', () => {
    expect(parseQuery('idtype-value', { type: 'HOUSEHOLD_ID', value: 'hh-1' })).toEqual({
      ok: true,
      criteria: { householdIds: ['hh-1'] },
    });
    expect(parseQuery('idtype-value', { type: 'PASSPORT', value: 'x' }).ok).toBe(false);
  });

  it('reads and-ed expressions with eq and in', () => {
    const q = parseQuery('expression', [
      {
        seq_num: 1,
        expression1: { attribute_name: 'region_code', operator: 'eq', attribute_value: '442000100' },
        condition: 'and',
        expression2: { attribute_name: 'programme', operator: 'in', attribute_value: 'dibao, low-income' },
      },
    ]);
    expect(q).toEqual({ ok: true, criteria: { towns: ['442000100'], programmes: ['dibao', 'low-income'] } });
  });

  it('reads the expression form the standard defines: an object with a document-style query', () => {
    const q = parseQuery('expression', {
      type: 'ns:org:QueryType:NoSql',
      value: {
        expression: {
          collection: 'Person',
          query: { $and: [{ region_code: { $eq: '442000100' } }, { programme: { $in: ['dibao', 'low-income'] } }] },
        },
      },
    });
    expect(q).toEqual({ ok: true, criteria: { towns: ['442000100'], programmes: ['dibao', 'low-income'] } });
    expect(parseQuery('expression', { value: { expression: { query: { household_identifier: 'hh-1' } } } })).toEqual({
      ok: true,
      criteria: { householdIds: ['hh-1'] },
    });
    for (const bad of [
      { value: { expression: { collection: 'HouseHold', query: { programme: { $eq: 'dibao' } } } } },
      { value: { expression: { query: { income: { $lt: 5 } } } } },
      { value: { expression: { query: { programme: { $gt: 'a' } } } } },
      { value: { expression: { query: { $or: [] } } } },
      { value: {} },
    ])
      expect([bad, parseQuery('expression', bad).ok]).toEqual([bad, false]);
  });

  it('refuses or, unknown attributes and operators it cannot answer', () => {
    expect(
      parseQuery('expression', [
        {
          expression1: { attribute_name: 'town', operator: 'eq', attribute_value: 'a' },
          condition: 'or',
          expression2: { attribute_name: 'town', operator: 'eq', attribute_value: 'b' },
        },
      ]).ok,
    ).toBe(false);
    expect(
      parseQuery('expression', [{ expression1: { attribute_name: 'income', operator: 'eq', attribute_value: '1' } }])
        .ok,
    ).toBe(false);
    expect(
      parseQuery('expression', [{ expression1: { attribute_name: 'town', operator: 'gt', attribute_value: '1' } }]).ok,
    ).toBe(false);
    expect(parseQuery('graphql', {}).ok).toBe(false);
  });

  it('matches enrolment facts against criteria', () => {
    const facts = {
      personRef: 'k:p',
      householdId: 'hh-1',
      town: '442000100',
      programme: 'dibao',
      department: 'assistance',
    };
    expect(matches({ towns: ['442000100'], programmes: ['dibao'] }, facts)).toBe(true);
    expect(matches({ programmes: ['low-income'] }, facts)).toBe(false);
    expect(matches({}, facts)).toBe(true);
  });
});
