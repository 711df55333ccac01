import { divisionList, readDivisionList } from './division-list';

describe('the division list', () => {
  it('reads the shipped file: towns first, every village under a listed town', () => {
    const list = readDivisionList();
    const towns = list.filter((d) => d.level === 'town');
    expect(towns.length).toBeGreaterThanOrEqual(20);
    expect(list.findIndex((d) => d.level === 'village')).toBe(towns.length);
    for (const v of list.filter((d) => d.level === 'village')) expect(v.code.startsWith(v.townCode!)).toBe(true);
  });

  const doc = {
    effectiveFrom: '2021-01-01',
    towns: [{ code: '442000100', name: 'T' }],
    villages: [{ code: '442000100001', name: 'V', townCode: '442000100', kind: 'community' as const }],
  };

  it('refuses a village outside its town, a code twice and a malformed code', () => {
    expect(() => divisionList({ ...doc, villages: [{ ...doc.villages[0], code: '442000101001' }] })).toThrow(
      /does not start with its town code/,
    );
    expect(() => divisionList({ ...doc, towns: [...doc.towns, ...doc.towns] })).toThrow(/listed twice/);
    expect(() => divisionList({ ...doc, towns: [{ code: '44200', name: 'x' }] })).toThrow(/9-digit/);
    expect(divisionList(doc)).toHaveLength(2);
  });
});
