// What a calendar date is and which one it is now. Policy dates are Asia/Shanghai calendar days
// 'YYYY-MM-DD': a date-only string compares in calendar order and keeps the host time zone out.
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a 'YYYY-MM-DD' string naming a real Gregorian calendar day. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Number of days in a Gregorian month (1-12). */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const shanghaiFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

// Asia/Shanghai has kept UTC+8 without daylight saving since September 1991 (tzdata), so from 1992
// on the date is arithmetic on the instant. formatToParts costs ~10 µs a call, and parseResidentId
// asks for today once per number: three times per row of a bulk import (check, personRef, cipher).
const FIXED_UTC_PLUS_8_FROM = Date.UTC(1992, 0, 1);
const UTC_PLUS_8_MS = 8 * 3_600_000;

/** The Asia/Shanghai calendar date ('YYYY-MM-DD') at instant `now`. */
export function todayInShanghai(now: Date = new Date()): string {
  const ms = now.getTime();
  if (ms >= FIXED_UTC_PLUS_8_FROM && ms < 253_402_300_800_000 - UTC_PLUS_8_MS)
    return new Date(ms + UTC_PLUS_8_MS).toISOString().slice(0, 10);
  const parts = Object.fromEntries(shanghaiFormat.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The Asia/Shanghai calendar date of an ISO 8601 instant (a bare calendar date is returned unchanged). */
export function shanghaiDate(at: string): string {
  if (isCalendarDate(at)) return at;
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an ISO 8601 instant: ${at}`);
  return todayInShanghai(new Date(ms));
}
