import {
  ageOutDate,
  CategoryFacts,
  ChildCategory,
  classify,
  contradictions,
  INCAPACITATING_SITUATIONS,
  isChildOn,
  ParentSituation,
} from './category-rules';

// Each parent is in one of these states; every recorded situation belongs to exactly one of them.
type State = 'none' | 'dead' | 'incapacitated' | 'away';
const SITUATIONS_OF: Record<State, (ParentSituation | undefined)[]> = {
  none: [undefined],
  dead: ['dead'],
  incapacitated: [...INCAPACITATING_SITUATIONS],
  away: ['working-away'],
};

// The expected category for every pair of parent states (mother × father), no child condition, no poverty.
// Written out by hand from docs/domain.md §3, not computed, so a changed rule shows here.
const TABLE: [State, State, ChildCategory][] = [
  ['dead', 'dead', 'orphan'],
  ['dead', 'incapacitated', 'de-facto-unsupported'],
  ['incapacitated', 'dead', 'de-facto-unsupported'],
  ['incapacitated', 'incapacitated', 'de-facto-unsupported'],
  ['dead', 'none', 'none'],
  ['none', 'dead', 'none'],
  ['incapacitated', 'none', 'none'],
  ['none', 'incapacitated', 'none'],
  ['away', 'away', 'left-behind'],
  ['away', 'dead', 'left-behind'],
  ['dead', 'away', 'left-behind'],
  ['away', 'incapacitated', 'left-behind'],
  ['incapacitated', 'away', 'left-behind'],
  ['away', 'none', 'none'],
  ['none', 'away', 'none'],
  ['none', 'none', 'none'],
];

const facts = (m?: ParentSituation, f?: ParentSituation, extra: Partial<CategoryFacts> = {}): CategoryFacts => ({
  mother: m ? [m] : [],
  father: f ? [f] : [],
  childDisabledOrIll: false,
  householdInPoverty: false,
  ...extra,
});

describe('child category rules', () => {
  it('the table covers every pair of parent states once', () => {
    expect(new Set(TABLE.map(([a, b]) => `${a}/${b}`)).size).toBe(16);
  });

  describe.each(TABLE)('mother %s, father %s', (ms, fs, expected) => {
    const cases = SITUATIONS_OF[ms].flatMap((m) => SITUATIONS_OF[fs].map((f) => [m ?? '-', f ?? '-'] as const));
    it.each(cases)(`mother %s, father %s → ${expected}`, (m, f) => {
      const d = classify(facts(m === '-' ? undefined : m, f === '-' ? undefined : f));
      expect(d.category).toBe(expected);
      if (m !== '-') expect(d.basis).toContain(m);
      if (f !== '-') expect(d.basis).toContain(f);
    });
  });

  it('both parents dead is an orphan, never de-facto unsupported, even with other situations recorded before', () => {
    expect(classify({ ...facts(), mother: ['dead'], father: ['dead'] }).category).toBe('orphan');
  });

  it.each([
    ['the child severely disabled or ill', { childDisabledOrIll: true }],
    ['household poverty', { householdInPoverty: true }],
  ])('%s makes a child with parents at home in difficulty', (_, extra) => {
    expect(classify(facts(undefined, undefined, extra)).category).toBe('in-difficulty');
    // and outranks left-behind, but not the categories with an allowance
    expect(classify(facts('working-away', 'working-away', extra)).category).toBe('in-difficulty');
    expect(classify(facts('dead', 'imprisoned', extra)).category).toBe('de-facto-unsupported');
    expect(classify(facts('dead', 'dead', extra)).category).toBe('orphan');
  });

  it('names contradictory situations of one parent', () => {
    expect(contradictions(['dead', 'imprisoned'])).toEqual(['dead cannot hold with imprisoned']);
    expect(contradictions(['working-away', 'missing'])).toHaveLength(1);
    expect(contradictions(['imprisoned', 'serious-illness'])).toEqual([]);
    expect(contradictions(['dead'])).toEqual([]);
  });
});

describe('age-out at 18', () => {
  it.each([
    ['2008-05-20', '2026-05-19', true],
    ['2008-05-20', '2026-05-20', false],
    ['2008-02-29', '2026-02-28', true],
    ['2008-02-29', '2026-03-01', false],
    ['2026-05-20', '2026-05-20', true],
  ])('born %s, on %s a child: %s', (birth, date, child) => {
    expect(isChildOn(birth, date, 18)).toBe(child);
  });

  it.each([
    ['2008-05-20', '2026-05-20'],
    ['2008-02-29', '2026-03-01'],
    ['2012-12-31', '2030-12-31'],
  ])('born %s ages out on %s', (birth, day) => {
    expect(ageOutDate(birth, 18)).toBe(day);
    expect(isChildOn(birth, day, 18)).toBe(false);
  });
});
