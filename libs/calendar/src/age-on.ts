import { isCalendarDate } from './calendar-date';

/**
 * Completed years of age on `date` for someone born on `birthDate` (both 'YYYY-MM-DD').
 * Age counts by calendar year, month and day, so a 29 February birthday is reached on
 * 1 March in common years (28 February is still before it).
 */
export function ageOn(birthDate: string, date: string): number {
  if (!isCalendarDate(birthDate)) throw new RangeError('ageOn: birthDate must be a YYYY-MM-DD calendar date');
  if (!isCalendarDate(date)) throw new RangeError('ageOn: date must be a YYYY-MM-DD calendar date');
  if (date < birthDate) throw new RangeError('ageOn: date is before birthDate');
  const years = Number(date.slice(0, 4)) - Number(birthDate.slice(0, 4));
  // 'MM-DD' strings compare in calendar order.
  return date.slice(5) < birthDate.slice(5) ? years - 1 : years;
}
