import { addMonths, ageOn } from '@civic/calendar';
import { ExpenseFact, PersonFacts, enrolledIn } from '../person-view/person-facts';

// Statutory definitions, not policy values the plan sets (as in social-assistance's age-groups):
// 老年人权益保障法 第二条 — elderly from 60.
export const ELDERLY_FROM_AGE = 60;

/** Completed years on `date`, or undefined when the birth date is unknown or later. */
export function ageAt(birthDate: string | undefined, date: string): number | undefined {
  if (!birthDate || birthDate > date) return undefined;
  return ageOn(birthDate, date);
}

/** True when a death is recorded on or before `date`. */
export function deadOn(p: { deathDate?: string | null }, date: string): boolean {
  return !!p.deathDate && p.deathDate <= date;
}

/** True when imprisoned (or in compulsory rehabilitation) on `date`. */
export function imprisonedOn(p: { imprisonedFrom?: string | null }, date: string): boolean {
  return !!p.imprisonedFrom && p.imprisonedFrom <= date;
}

/** The absence (hub.person.absence-recorded) that keeps the person from their family on `date`, if any. */
export function absenceOn(
  p: { absentFrom?: string | null; absenceReason?: string | null },
  date: string,
): string | undefined {
  return p.absentFrom && p.absentFrom <= date ? (p.absenceReason ?? undefined) : undefined;
}

/**
 * Rigid spending in the 12 months up to `date` (after the same day a year before, up to and
 * including `date`). A crowdfunding campaign and the hospital bills of one illness describe the
 * same cost, so medical spending counts the larger of the two sums, never both.
 */
export function rigidSpendingFen(
  expenses: ExpenseFact[],
  date: string,
  onlyPerson?: string,
): { totalFen: number; medicalFen: number } {
  const from = addMonths(date, -12);
  const inWindow = expenses.filter(
    (e) => e.date > from && e.date <= date && (!onlyPerson || e.personRef === onlyPerson),
  );
  const sum = (c: string) => inWindow.filter((e) => e.category === c).reduce((s, e) => s + e.amountFen, 0);
  const medicalFen = Math.max(sum('medical-bill'), sum('medical-crowdfunding'));
  const otherFen = inWindow.filter((e) => !e.category.startsWith('medical')).reduce((s, e) => s + e.amountFen, 0);
  return { totalFen: medicalFen + otherFen, medicalFen };
}

/** The household's economic status: enrolled dibao / low-income / extreme-poverty (any member's case), else eldercare's record. */
export function economicStatus(f: PersonFacts): 'dibao' | 'low-income' | 'extreme-poverty' | 'none' {
  for (const p of ['extreme-poverty', 'dibao', 'low-income'] as const) {
    if (enrolledIn(f.householdProgrammes, 'assistance', p) || enrolledIn(f.programmes, 'assistance', p)) return p;
  }
  const recorded = f.economicStatus;
  return recorded === 'dibao' || recorded === 'low-income' || recorded === 'extreme-poverty' ? recorded : 'none';
}
