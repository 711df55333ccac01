import { createHmac } from 'node:crypto';
import { decodeKeyRing, KeyRingConfig } from './key-ring';

// One person has one personRef across departments only if every service holds the same personRef
// key ring. A fingerprint per key id (an HMAC of a fixed label under the key: it identifies the key
// without revealing it) lets operators publish the expected ring in the shared configuration
// (PERSON_REF_KEY_FINGERPRINTS) and every service refuse to start with a different one.

const LABEL = 'civic personRef key fingerprint v1';

/** keyId → 16 hex characters identifying the secret under that id. */
export function keyFingerprints(config: KeyRingConfig): Record<string, string> {
  const ring = decodeKeyRing(config, () => undefined, 'keyFingerprints');
  return Object.fromEntries(
    [...ring.secrets].map(([id, secret]) => [
      id,
      createHmac('sha256', secret).update(LABEL).digest('hex').slice(0, 16),
    ]),
  );
}

/**
 * What differs between a key ring and the fingerprints it is expected to have: a key whose secret is
 * not the expected one, or a key the expectation does not list. Empty when they agree. Expected keys
 * the ring lacks are fine (a service not yet given a new key still reads with the old ones).
 */
export function fingerprintMismatches(config: KeyRingConfig, expected: Record<string, string>): string[] {
  return Object.entries(keyFingerprints(config)).flatMap(([id, fingerprint]) =>
    expected[id] === undefined
      ? [`key "${id}" is not in the expected key ring (${Object.keys(expected).join(', ') || 'none'})`]
      : expected[id] !== fingerprint
        ? [`key "${id}" has fingerprint ${fingerprint}, expected ${expected[id]}: a different secret under the same id`]
        : [],
  );
}
