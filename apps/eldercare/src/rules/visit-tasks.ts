import { addDays, daysInMonth, firstOfMonth } from '@civic/calendar';
import { isSeverelyDisabled } from './ability-level';

/** Living situations that make an elder a special-hardship elder visited monthly (docs/domain.md §2 visits). */
export const SPECIAL_HARDSHIP_SITUATIONS = [
  'alone',
  'empty-nest',
  'left-behind',
  'childless',
  'family-planning-special',
];

export interface VisitFacts {
  livingSituation: string[];
  abilityLevel: string | null;
}

/** Alone, empty-nest, left-behind, childless, family-planning special, or disabled (moderate loss or worse). */
export function needsMonthlyVisit(f: VisitFacts): boolean {
  return (
    f.livingSituation.some((s) => SPECIAL_HARDSHIP_SITUATIONS.includes(s)) ||
    f.abilityLevel === 'moderate' ||
    isSeverelyDisabled(f.abilityLevel)
  );
}

/** The last day of a 'YYYY-MM' month. */
export function lastOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

/**
 * When the visit of `month` is due: within the dated interval after the last visit, and within the
 * month at the latest (the visit rate counts months); with no visit yet, by the month's end. A last
 * visit long past makes the task due on the month's first day (one overdue signal per month, not a backlog).
 */
export function visitDueOn(month: string, lastVisitedOn: string | null, intervalDays: number): string {
  const monthEnd = lastOfMonth(month);
  if (!lastVisitedOn) return monthEnd;
  const byInterval = addDays(lastVisitedOn, intervalDays);
  const first = firstOfMonth(month);
  if (byInterval < first) return first;
  return byInterval < monthEnd ? byInterval : monthEnd;
}
