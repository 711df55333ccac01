// Calendar arithmetic on 'YYYY-MM-DD' dates. Policy dates are Asia/Shanghai calendar dates
// (docs/domain.md "Money and time"); working on the date string in UTC keeps the host time zone out.
import { isCalendarDate, todayInShanghai } from '@civic/identity';

const MS_PER_DAY = 86_400_000;

/** The Asia/Shanghai calendar date of an ISO 8601 instant (a bare calendar date is returned unchanged). */
export function shanghaiDate(at: string): string {
  if (isCalendarDate(at)) return at;
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${at}`);
  return todayInShanghai(new Date(ms));
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * MS_PER_DAY).toISOString().slice(0, 10);
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
