// Arithmetic on 'YYYY-MM-DD' calendar dates. It runs on the date at midnight UTC, so the host
// time zone and daylight saving never shift a day.
import { isCalendarDate } from './calendar-date';

const MS_PER_DAY = 86_400_000;

function utcMidnight(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function addDays(date: string, days: number): string {
  return new Date(utcMidnight(date) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** The calendar day before `date`; a malformed or impossible date is refused rather than rolled over. */
export function dayBefore(date: string): string {
  if (!isCalendarDate(date)) throw new RangeError('dayBefore: expected a YYYY-MM-DD calendar date');
  return addDays(date, -1);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / MS_PER_DAY);
}

/** Adds calendar months; a day past the end of the target month clamps to its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(Math.min(d, lastDay), 2)}`;
}

/** The first day of a 'YYYY-MM' month. */
export function firstOfMonth(month: string): string {
  return `${month}-01`;
}

/** Every 'YYYY-MM' from `from` to `to`, both included (empty when to < from). */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  for (let m = from; m <= to; m = addMonths(`${m}-01`, 1).slice(0, 7)) months.push(m);
  return months;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
