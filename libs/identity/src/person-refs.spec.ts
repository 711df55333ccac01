import { createHmac, randomBytes } from 'node:crypto';
import { createPersonRefs } from './person-refs';
import { InvalidResidentIdError } from './require-resident-id-number';

const NUMBER = '11010519491231002X';
const K2024 = randomBytes(32);
const K2025 = randomBytes(48);

describe('createPersonRefs', () => {
  it('is the HMAC-SHA256 of the normalised number under the current key, labelled with its key id', () => {
    const refs = createPersonRefs({ current: 'k2025', keys: { k2025: K2025.toString('hex') } });
    const expected = createHmac('sha256', K2025).update(NUMBER).digest('base64url');
    expect(refs.ref(NUMBER)).toBe(`k2025:${expected}`);
    expect(refs.ref(' 11010519491231002x')).toBe(`k2025:${expected}`);
    expect(refs.ref('110105491231002')).toBe(`k2025:${expected}`);
  });

  it('accepts base64 and prefixed secrets and gives the same reference for the same bytes', () => {
    const hex = createPersonRefs({ current: 'a', keys: { a: K2024.toString('hex') } });
    const b64 = createPersonRefs({ current: 'a', keys: { a: K2024.toString('base64') } });
    const b64url = createPersonRefs({ current: 'a', keys: { a: `base64:${K2024.toString('base64url')}` } });
    const prefixed = createPersonRefs({ current: 'a', keys: { a: `hex:${K2024.toString('hex')}` } });
    expect(new Set([hex.ref(NUMBER), b64.ref(NUMBER), b64url.ref(NUMBER), prefixed.ref(NUMBER)]).size).toBe(1);
  });

  it('distinguishes people and keys', () => {
    const refs = createPersonRefs({ current: 'k2024', keys: { k2024: K2024.toString('hex') } });
    const other = createPersonRefs({ current: 'k2024', keys: { k2024: randomBytes(32).toString('hex') } });
    expect(refs.ref(NUMBER)).not.toBe(refs.ref('440200194912310011'));
    expect(refs.ref(NUMBER)).not.toBe(other.ref(NUMBER));
  });

  it('finds references made under the old key during rotation', () => {
    const before = createPersonRefs({ current: 'k2024', keys: { k2024: K2024.toString('hex') } });
    const stored = before.ref(NUMBER);
    const during = createPersonRefs({
      current: 'k2025',
      keys: { k2024: K2024.toString('hex'), k2025: K2025.toString('hex') },
    });
    expect(during.ref(NUMBER)).not.toBe(stored);
    expect(during.ref(NUMBER).startsWith('k2025:')).toBe(true);
    const lookups = during.refsForLookup(NUMBER);
    expect(lookups).toHaveLength(2);
    expect(lookups[0]).toBe(during.ref(NUMBER));
    expect(lookups).toContain(stored);
  });

  it('refuses secrets shorter than 32 bytes, a current id without a key, and undecodable secrets', () => {
    expect(() => createPersonRefs({ current: 'a', keys: { a: randomBytes(31).toString('hex') } })).toThrow(/31 bytes/);
    expect(() =>
      createPersonRefs({ current: 'a', keys: { a: K2025.toString('hex'), b: randomBytes(16).toString('base64') } }),
    ).toThrow(/"b"/);
    expect(() => createPersonRefs({ current: 'b', keys: { a: K2024.toString('hex') } })).toThrow(/not among the keys/);
    expect(() => createPersonRefs({ current: 'a', keys: { a: 'not a secret!' } })).toThrow(/neither hex nor base64/);
  });

  it('refuses an invalid number with the reason and without the number', () => {
    const refs = createPersonRefs({ current: 'a', keys: { a: K2024.toString('hex') } });
    try {
      refs.ref('110105194912310021');
      throw new Error('expected a rejection');
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidResidentIdError);
      expect((error as InvalidResidentIdError).reason).toBe('checksum');
      expect((error as Error).message).not.toContain('110105194912310021');
    }
  });
});
