import { createHash } from 'node:crypto';

// Deterministic, obviously fictitious values for catalog examples. No real ID number appears in
// any example; the catalog test scans every example for an 18-character ID shape.

/** A personRef shaped like @civic/identity's output (`k1:` + 43 base64url characters). */
export const examplePersonRef = (who: string): string =>
  `k1:${createHash('sha256').update(`example:${who}`).digest('base64url')}`;

/** A deterministic UUID-shaped id for examples. */
export const exampleId = (what: string): string => {
  const h = createHash('sha256').update(`id:${what}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

export const EXAMPLE_TOWN = '442000100';
export const EXAMPLE_VILLAGE = '442000100001';
