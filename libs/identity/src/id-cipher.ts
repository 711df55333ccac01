import { createCipheriv, createDecipheriv } from 'node:crypto';
import { decodeKeyRing, KeyRingConfig } from './key-ring';
import { randomSlice } from './random-slice';
import { requireResidentIdNumber } from './require-resident-id-number';

/** AES-256-GCM encryption of raw resident ID numbers for the owning service's storage. */
export interface IdCipher {
  /** '<keyId>:<iv>:<tag>:<ciphertext>', each part base64url, under the current key. */
  encrypt(number: string): string;
  /** The normalised number; throws IdCipherError on an unknown key, a malformed token or tampering. */
  decrypt(token: string): string;
  /** The key id a token was encrypted under, e.g. to find tokens to re-encrypt after rotation. */
  keyIdOf(token: string): string;
}

/** Decryption failure; the message names the cause, never the token or the plaintext. */
export class IdCipherError extends Error {
  override name = 'IdCipherError';
}

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]+$/;

/** Builds the cipher from a key ring of 32-byte AES-256 keys. */
export function createIdCipher(config: KeyRingConfig): IdCipher {
  const ring = decodeKeyRing(
    config,
    (bytes) => (bytes !== KEY_BYTES ? `is ${bytes} bytes; AES-256 keys are exactly ${KEY_BYTES}` : undefined),
    'createIdCipher',
  );
  // Binding the key id as associated data makes a token re-labelled with another key id fail.
  const aad = (keyId: string) => Buffer.from(`civic-resident-id:v1:${keyId}`, 'utf8');

  const split = (token: string) => {
    const parts = typeof token === 'string' ? token.split(':') : [];
    if (parts.length !== 4 || !parts.every((p) => B64URL.test(p))) {
      throw new IdCipherError('decrypt: token is not <keyId>:<iv>:<tag>:<ciphertext>');
    }
    const [keyId, iv, tag, ciphertext] = parts;
    return {
      keyId,
      iv: Buffer.from(iv, 'base64url'),
      tag: Buffer.from(tag, 'base64url'),
      ciphertext: Buffer.from(ciphertext, 'base64url'),
    };
  };

  return {
    encrypt(number) {
      const plaintext = requireResidentIdNumber(number, 'encrypt');
      const iv = randomSlice(IV_BYTES); // a bulk import encrypts one number per row: drawn in batches
      const cipher = createCipheriv('aes-256-gcm', ring.secrets.get(ring.current) as Buffer, iv, {
        authTagLength: TAG_BYTES,
      });
      cipher.setAAD(aad(ring.current));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'ascii'), cipher.final()]);
      return [ring.current, iv, cipher.getAuthTag(), ciphertext]
        .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
        .join(':');
    },
    decrypt(token) {
      const { keyId, iv, tag, ciphertext } = split(token);
      const key = ring.secrets.get(keyId);
      if (!key) throw new IdCipherError(`decrypt: unknown key id "${keyId}"`);
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
        throw new IdCipherError('decrypt: iv or tag has the wrong length');
      const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(aad(keyId));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('ascii');
      } catch {
        throw new IdCipherError('decrypt: authentication failed (tampered token or wrong key)');
      }
    },
    keyIdOf(token) {
      return split(token).keyId;
    },
  };
}
