import { hash } from 'node:crypto';
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
  const macs = new Map([...ring.secrets].map(([keyId, secret]) => [keyId, hmacSha256(secret)]));
  const refUnder = (keyId: string, number: string): string =>
    `${keyId}:${(macs.get(keyId) as (message: string) => string)(number)}`;

  return {
    ref: (number) => refUnder(ring.current, requireResidentIdNumber(number, 'ref')),
    refsForLookup: (number) => {
      const normalised = requireResidentIdNumber(number, 'refsForLookup');
      return [...ring.secrets.keys()].map((keyId) => refUnder(keyId, normalised));
    },
  };
}

const BLOCK_BYTES = 64;
const DIGEST_BYTES = 32;

/**
 * HMAC-SHA256 (RFC 2104) of an ASCII message, base64url: H((K ^ opad) || H((K ^ ipad) || m)) with
 * the two key pads computed once per key and two one-shot `hash` calls per message. Same bytes as
 * `createHmac` (person-refs.spec.ts compares them), at about half its cost in Node 24: createHmac
 * builds an OpenSSL context per call, and a bulk import makes one reference per row.
 */
function hmacSha256(secret: Buffer): (message: string) => string {
  const key = secret.length > BLOCK_BYTES ? hash('sha256', secret, 'buffer') : secret;
  const ipad = Buffer.alloc(BLOCK_BYTES, 0x36);
  const opad = Buffer.alloc(BLOCK_BYTES, 0x5c);
  for (let i = 0; i < key.length; i++) {
    ipad[i] ^= key[i];
    opad[i] ^= key[i];
  }
  return (message) => {
    const inner = Buffer.allocUnsafe(BLOCK_BYTES + Buffer.byteLength(message, 'ascii'));
    ipad.copy(inner);
    inner.write(message, BLOCK_BYTES, 'ascii');
    const outer = Buffer.allocUnsafe(BLOCK_BYTES + DIGEST_BYTES);
    opad.copy(outer);
    hash('sha256', inner, 'buffer').copy(outer, BLOCK_BYTES);
    return hash('sha256', outer, 'base64url');
  };
}
