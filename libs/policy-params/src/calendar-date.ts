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

/** The Asia/Shanghai calendar date ('YYYY-MM-DD') at instant `now`. */
export function todayInShanghai(now: Date = new Date()): string {
  const parts = Object.fromEntries(shanghaiFormat.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The calendar day before `date` ('YYYY-MM-DD'). */
export function dayBefore(date: string): string {
  if (!isCalendarDate(date)) throw new RangeError('dayBefore: expected a YYYY-MM-DD calendar date');
  const [year, month, day] = date.split('-').map(Number);
  if (day > 1) return `${date.slice(0, 8)}${String(day - 1).padStart(2, '0')}`;
  if (month > 1) return `${date.slice(0, 5)}${String(month - 1).padStart(2, '0')}-${daysInMonth(year, month - 1)}`;
  return `${String(year - 1).padStart(4, '0')}-12-31`;
}
