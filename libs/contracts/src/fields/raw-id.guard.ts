// docs/domain.md "People, households and identity": events carry personRef and masked ids, never the
// raw resident ID number. This guard finds one anywhere in a payload, so a producer bug fails in
// createEvent and a foreign producer's leak is dead-lettered by parseEvent instead of spreading.

import { isCalendarDate } from '@civic/calendar';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const CANDIDATE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
// Every candidate holds 17 digits in a row; testing that first spares the matchAll iterator for
// the ordinary string (createEvent scans every string of every event).
const MAYBE = /\d{17}/;

/**
 * True when `s` has a well-formed GB 11643 number in it (valid birth date and check character).
 * Checking the checksum and date keeps 18-digit opaque ids from being mistaken for one in 10/11 cases.
 */
export function containsResidentIdNumber(s: string): boolean {
  if (s.length < 18 || !MAYBE.test(s)) return false;
  for (const [m] of s.matchAll(CANDIDATE)) {
    const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(m[i]), 0);
    if (CHECK[sum % 11] !== m[17].toUpperCase()) continue;
    const y = Number(m.slice(6, 10));
    if (y >= 1900 && y <= 2100 && isCalendarDate(`${m.slice(6, 10)}-${m.slice(10, 12)}-${m.slice(12, 14)}`))
      return true;
  }
  return false;
}

/** Dotted path of the first string (or key) holding a raw resident ID number, or undefined. */
export function findRawResidentId(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return containsResidentIdNumber(value) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [k, v] of Object.entries(value)) {
    const p = path ? `${path}.${k}` : k;
    if (containsResidentIdNumber(k)) return p;
    const found = findRawResidentId(v, p);
    if (found !== undefined) return found;
  }
  return undefined;
}
