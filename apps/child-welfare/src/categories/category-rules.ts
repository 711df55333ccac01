import { addDays, addMonths, ageOn } from '@civic/calendar';
import { CARE_MODES, CHILD_CATEGORIES } from '@civic/contracts';

// The category rules of docs/domain.md §3 as pure functions: the service records facts (each parent's
// situation, the child's own condition, the household's poverty) and derives the one category from them,
// so a changed fact re-classifies the child the same way whichever event brought it.

export type ChildCategory = (typeof CHILD_CATEGORIES)[number];
export type CareMode = (typeof CARE_MODES)[number];

/** Situations that leave a living parent unable to raise the child (事实无人抚养儿童 criteria). */
export const INCAPACITATING_SITUATIONS = [
  'missing',
  'imprisoned',
  'compulsory-rehabilitation',
  'severe-disability',
  'serious-illness',
  'deported',
] as const;

/** Every parent situation the service records: death, the incapacitating ones, and working away (留守). */
export const PARENT_SITUATIONS = ['dead', ...INCAPACITATING_SITUATIONS, 'working-away'] as const;
export type ParentSituation = (typeof PARENT_SITUATIONS)[number];

const incapacitating = new Set<string>(INCAPACITATING_SITUATIONS);

/** The facts a category is decided from. A parent without a reference has no recorded situation. */
export interface CategoryFacts {
  mother: readonly ParentSituation[];
  father: readonly ParentSituation[];
  /** The child's own severe disability or serious illness (困境儿童). */
  childDisabledOrIll: boolean;
  /** The child's household receives dibao or extreme-poverty support (困境儿童 through family poverty). */
  householdInPoverty: boolean;
}

export interface CategoryDecision {
  category: ChildCategory;
  basis: string;
}

type ParentState = 'dead' | 'incapacitated' | 'working-away' | 'present';

function stateOf(situations: readonly ParentSituation[]): ParentState {
  if (situations.includes('dead')) return 'dead';
  if (situations.some((s) => incapacitating.has(s))) return 'incapacitated';
  if (situations.includes('working-away')) return 'working-away';
  return 'present';
}

function describe(who: string, situations: readonly ParentSituation[]): string {
  return situations.length === 0 ? `${who}: no recorded situation` : `${who}: ${[...situations].sort().join(', ')}`;
}

/**
 * The category from the facts, most protective first: orphan (both parents dead) → de-facto unsupported
 * (each parent dead or incapacitated, not both dead; an orphan is never also de-facto unsupported) →
 * in difficulty (the child's own disability or illness, or household poverty) → left-behind (both parents
 * away working, or one away and the other dead or incapacitated) → none.
 */
export function classify(f: CategoryFacts): CategoryDecision {
  const m = stateOf(f.mother);
  const p = stateOf(f.father);
  const parents = `${describe('mother', f.mother)}; ${describe('father', f.father)}`;
  const gone = (s: ParentState) => s === 'dead' || s === 'incapacitated';
  if (m === 'dead' && p === 'dead') return { category: 'orphan', basis: `Both parents dead (${parents}).` };
  if (gone(m) && gone(p))
    return { category: 'de-facto-unsupported', basis: `Neither parent can raise the child (${parents}).` };
  if (f.childDisabledOrIll || f.householdInPoverty) {
    const why = [
      ...(f.childDisabledOrIll ? ['the child is severely disabled or seriously ill'] : []),
      ...(f.householdInPoverty ? ['the household receives dibao or extreme-poverty support'] : []),
    ];
    return { category: 'in-difficulty', basis: `${why.join('; ')} (${parents}).` };
  }
  const away = (s: ParentState) => s === 'working-away';
  if ((away(m) && (away(p) || gone(p))) || (away(p) && gone(m)))
    return { category: 'left-behind', basis: `No parent at home to care for the child (${parents}).` };
  return { category: 'none', basis: `No protection category applies (${parents}).` };
}

/** Situations of one parent that cannot hold together; empty when consistent. */
export function contradictions(situations: readonly ParentSituation[]): string[] {
  const s = new Set(situations);
  const found: string[] = [];
  if (s.has('dead') && s.size > 1) found.push(`dead cannot hold with ${[...s].filter((x) => x !== 'dead').join(', ')}`);
  if (s.has('working-away') && [...s].some((x) => incapacitating.has(x)))
    found.push('working-away cannot hold with an incapacitating situation');
  return found;
}

/** True when the category carries a basic-living allowance (orphans and de-facto unsupported children). */
export function carriesAllowance(category: ChildCategory): boolean {
  return category === 'orphan' || category === 'de-facto-unsupported';
}

/** The first day the person is `ageOut` years old: the day support ends (29 February birthdays: 1 March). */
export function ageOutDate(birthDate: string, ageOut: number): string {
  const candidate = addMonths(birthDate, 12 * ageOut);
  return ageOn(birthDate, candidate) >= ageOut ? candidate : addDays(candidate, 1);
}

/** True while the person is under `ageOut` on `date` (the day before the birthday: still a child). */
export function isChildOn(birthDate: string, date: string, ageOut: number): boolean {
  return date >= birthDate && ageOn(birthDate, date) < ageOut;
}
