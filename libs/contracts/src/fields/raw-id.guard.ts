// docs/domain.md "People, households and identity": events carry personRef and masked ids, never the
// raw resident ID number. This guard finds one anywhere in a payload, so a producer bug fails in
// createEvent and a foreign producer's leak is dead-lettered by parseEvent instead of spreading.
// The matching itself is libs/identity's one guard (id-number-scan.ts): every disguise it sees
// (spaces, dashes, full-width digits, zero-width characters…) is refused here too.

import { containsIdNumber, findIdNumberPath } from '@civic/identity';

/** True when `s` holds a valid resident ID number (checksum and birth date), in any disguise. */
export function containsResidentIdNumber(s: string): boolean {
  return containsIdNumber(s);
}

/** Dotted path of the first string (or key) holding a raw resident ID number, or undefined. */
export function findRawResidentId(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return containsIdNumber(value) ? path : undefined;
  const found = findIdNumberPath(value, path);
  return found;
}
