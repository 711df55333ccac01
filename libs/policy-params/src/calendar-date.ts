// One calendar for the platform: the Shanghai calendar-date helpers live in libs/identity (birth
// dates need them too); parameters add only the day before an effective date.
import { daysInMonth, isCalendarDate } from '@civic/identity';

export { daysInMonth, isCalendarDate, todayInShanghai } from '@civic/identity';

/** The calendar day before `date` ('YYYY-MM-DD'). */
export function dayBefore(date: string): string {
  if (!isCalendarDate(date)) throw new RangeError('dayBefore: expected a YYYY-MM-DD calendar date');
  const [year, month, day] = date.split('-').map(Number);
  if (day > 1) return `${date.slice(0, 8)}${String(day - 1).padStart(2, '0')}`;
  if (month > 1) return `${date.slice(0, 5)}${String(month - 1).padStart(2, '0')}-${daysInMonth(year, month - 1)}`;
  return `${String(year - 1).padStart(4, '0')}-12-31`;
}
