import { randomBytes } from 'node:crypto';
import { createIdCipher, IdCipherError } from './id-cipher';

const NUMBER = '11010519491231002X';
const OLD = randomBytes(32).toString('hex');
const NEW = randomBytes(32).toString('base64');

function flip(part: string): string {
  const bytes = Buffer.from(part, 'base64url');
  bytes[bytes.length - 1] ^= 0x01;
  return bytes.toString('base64url');
}

describe('createIdCipher', () => {
  const cipher = createIdCipher({ current: 'new', keys: { old: OLD, new: NEW } });

  it('round-trips the normalised number and hides it in the token', () => {
    const token = cipher.encrypt('11010519491231002x');
    expect(token).toMatch(/^new:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]{24}$/);
    expect(token).not.toContain('110105');
    expect(cipher.decrypt(token)).toBe(NUMBER);
    expect(cipher.keyIdOf(token)).toBe('new');
  });

  it('uses a fresh IV for every encryption', () => {
    expect(cipher.encrypt(NUMBER)).not.toBe(cipher.encrypt(NUMBER));
  });

  it('never repeats an IV across many encryptions (IVs are drawn in batches)', () => {
    // 2000 encryptions cross several batches of drawn IVs; a repeated GCM IV under one key leaks the XOR of plaintexts
    const ivs = Array.from({ length: 2000 }, () => cipher.encrypt(NUMBER).split(':')[1]);
    expect(new Set(ivs).size).toBe(ivs.length);
    expect(ivs.every((iv) => Buffer.from(iv, 'base64url').length === 12)).toBe(true);
  });

  it('decrypts tokens written under an older key that is still in the ring', () => {
    const oldToken = createIdCipher({ current: 'old', keys: { old: OLD } }).encrypt(NUMBER);
    expect(cipher.decrypt(oldToken)).toBe(NUMBER);
    expect(cipher.keyIdOf(oldToken)).toBe('old');
  });

  it.each([
    ['ciphertext', 3],
    ['tag', 2],
    ['iv', 1],
  ])('detects a tampered %s', (_name, index) => {
    const parts = cipher.encrypt(NUMBER).split(':');
    parts[index] = flip(parts[index]);
    expect(() => cipher.decrypt(parts.join(':'))).toThrow(
      new IdCipherError('decrypt: authentication failed (tampered token or wrong key)'),
    );
  });

  it('detects a token relabelled with another key id', () => {
    const parts = cipher.encrypt(NUMBER).split(':');
    expect(() => cipher.decrypt(['old', ...parts.slice(1)].join(':'))).toThrow(/authentication failed/);
  });

  it('rejects unknown key ids and malformed tokens', () => {
    const parts = cipher.encrypt(NUMBER).split(':');
    expect(() => cipher.decrypt(['gone', ...parts.slice(1)].join(':'))).toThrow(/unknown key id "gone"/);
    expect(() => cipher.decrypt(parts.slice(0, 3).join(':'))).toThrow(IdCipherError);
    expect(() => cipher.decrypt(`${parts.join(':')}:x`)).toThrow(IdCipherError);
    expect(() => cipher.decrypt(['new', 'AAAA', parts[2], parts[3]].join(':'))).toThrow(/wrong length/);
  });

  it('refuses keys that are not exactly 32 bytes and numbers that are not valid', () => {
    expect(() => createIdCipher({ current: 'a', keys: { a: randomBytes(16).toString('hex') } })).toThrow(/exactly 32/);
    expect(() => createIdCipher({ current: 'a', keys: { a: randomBytes(33).toString('hex') } })).toThrow(/exactly 32/);
    expect(() => cipher.encrypt('110105194912310021')).toThrow(/checksum/);
  });
});
