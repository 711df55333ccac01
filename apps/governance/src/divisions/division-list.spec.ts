import { divisionList, DivisionListError, divisionListOfFile, readDivisionList } from './division-list';

describe('the division list', () => {
  it('reads the shipped file: towns first, every village under a listed town', () => {
    const list = readDivisionList();
    const towns = list.filter((d) => d.level === 'town');
    expect(towns.length).toBeGreaterThanOrEqual(20);
    expect(list.findIndex((d) => d.level === 'village')).toBe(towns.length);
    for (const v of list.filter((d) => d.level === 'village')) expect(v.code.startsWith(v.townCode!)).toBe(true);
  });

  it('says the shipped villages are example data, each named as such, never the code as its name', () => {
    const { list, example } = divisionListOfFile();
    expect(example).toBe(true);
    for (const v of list.filter((d) => d.level === 'village')) expect(v.name).toMatch(/示例(社区|村)$/);
    expect(list.filter((d) => d.name === d.code)).toEqual([]);
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
    const noTown = { ...doc, towns: [] };
    expect(() => divisionList(noTown)).toThrow(DivisionListError);
    // an import may add villages under a town registered before
    expect(divisionList(noTown, new Set(['442000100']))).toHaveLength(1);
    try {
      divisionList(noTown);
    } catch (e) {
      expect(e).toEqual(expect.objectContaining({ field: 'villages[0].townCode', rule: 'knownDivision' }));
    }
  });
});
