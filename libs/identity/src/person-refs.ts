import { createHmac } from 'node:crypto';
import { decodeKeyRing, KeyRingConfig } from './key-ring';
import { requireResidentIdNumber } from './require-resident-id-number';

/** Pseudonymous person references: keyed HMAC-SHA256 of the normalised resident ID number. */
export interface PersonRefs {
  /** '<keyId>:<base64url HMAC>' under the current key. */
  ref(number: string): string;
  /** The reference under every known key, current first: look up by all of them while keys rotate. */
  refsForLookup(number: string): string[];
}

const MIN_SECRET_BYTES = 32;

/** Builds the personRef function from a key ring; refuses secrets shorter than 32 bytes. */
export function createPersonRefs(config: KeyRingConfig): PersonRefs {
  const ring = decodeKeyRing(
    config,
    (bytes) =>
      bytes < MIN_SECRET_BYTES ? `is ${bytes} bytes; personRef keys need at least ${MIN_SECRET_BYTES}` : undefined,
    'createPersonRefs',
  );
  const refUnder = (keyId: string, number: string): string =>
    `${keyId}:${createHmac('sha256', ring.secrets.get(keyId) as Buffer)
      .update(number, 'ascii')
      .digest('base64url')}`;

  return {
    ref: (number) => refUnder(ring.current, requireResidentIdNumber(number, 'ref')),
    refsForLookup: (number) => {
      const normalised = requireResidentIdNumber(number, 'refsForLookup');
      return [...ring.secrets.keys()].map((keyId) => refUnder(keyId, normalised));
    },
  };
}
