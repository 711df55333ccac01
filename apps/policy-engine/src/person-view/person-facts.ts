import { ExpenseCategory, HouseholdAttrs, PersonAttrs, ProgrammeAttrs } from './view-change';

/** One programme row as the rules see it. */
export interface ProgrammeFact extends Partial<ProgrammeAttrs> {
  personRef: string;
  department: string;
  programme: string;
}

/** A household member's own facts (supporters, programmes). */
export interface MemberFact extends Partial<PersonAttrs> {
  personRef: string;
  relation: string;
}

/** A parent's situation, for the child-welfare rules. */
export interface ParentFact extends Partial<PersonAttrs> {
  personRef: string;
  role: 'mother' | 'father';
  /** Where the link comes from: a hub birth record, or the relations of a social-assistance household. */
  linkSource?: ParentLinkSource;
}

export type ParentLinkSource = 'birth-record' | 'household';

export interface ExpenseFact {
  personRef: string;
  sourceId: string;
  category: ExpenseCategory;
  date: string;
  amountFen: number;
  eventId: string;
}

/**
 * Everything the rules may read about one person, assembled from the view (pure data; the rule
 * tables build it by hand). `sources` maps a fact name to the event that established it.
 */
export interface PersonFacts extends Partial<PersonAttrs> {
  personRef: string;
  household?: Partial<HouseholdAttrs> & { householdId: string; relation: string; members: MemberFact[] };
  /** The person's own programmes. */
  programmes: ProgrammeFact[];
  /** Programmes of every household member (a household is dibao when any member's case is). */
  householdProgrammes: ProgrammeFact[];
  /** Rigid spending of every household member, dated (the 12-month window is applied at the evaluation date). */
  expenses: ExpenseFact[];
  parents: ParentFact[];
  sources: Record<string, string>;
}

/** Programme states that count as being in (or on the way into) a programme: no alert is raised then. */
export const ACTIVE_PROGRAMME_STATES = ['applied', 'in-review', 'enrolled'] as const;

/** True when some programme in `list` of `department`/`programme` is active. */
export function inProgramme(list: ProgrammeFact[], department: string, programme: string): boolean {
  return list.some(
    (p) =>
      p.department === department &&
      p.programme === programme &&
      (ACTIVE_PROGRAMME_STATES as readonly string[]).includes(p.status ?? ''),
  );
}

/** True when some programme of the list is enrolled (approved, paying). */
export function enrolledIn(list: ProgrammeFact[], department: string, programme: string): boolean {
  return list.some((p) => p.department === department && p.programme === programme && p.status === 'enrolled');
}
