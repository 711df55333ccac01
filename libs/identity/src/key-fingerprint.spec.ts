import { fingerprintMismatches, keyFingerprints } from './key-fingerprint';

describe('key ring fingerprints', () => {
  const a = 'hex:' + 'ab'.repeat(32);
  const b = 'hex:' + 'cd'.repeat(32);

  it('identify each key by id, the same for the same secret in any encoding, never the secret', () => {
    const fp = keyFingerprints({ current: 'k1', keys: { k1: a, k2: b } });
    expect(Object.keys(fp)).toEqual(['k1', 'k2']);
    expect(fp.k1).toMatch(/^[0-9a-f]{16}$/);
    expect(fp.k1).not.toBe(fp.k2);
    expect(
      keyFingerprints({ current: 'x', keys: { x: 'base64:' + Buffer.from('ab'.repeat(32), 'hex').toString('base64') } })
        .x,
    ).toBe(fp.k1);
    expect(JSON.stringify(fp)).not.toContain('abab');
  });

  it('find a different secret under an expected id, and a key nobody expects', () => {
    const expected = keyFingerprints({ current: 'k1', keys: { k1: a, k2: b } });
    expect(fingerprintMismatches({ current: 'k1', keys: { k1: a, k2: b } }, expected)).toEqual([]);
    expect(fingerprintMismatches({ current: 'k1', keys: { k1: a } }, expected)).toEqual([]); // not yet given k2
    expect(fingerprintMismatches({ current: 'k1', keys: { k1: b } }, expected)).toEqual([
      expect.stringContaining('key "k1" has fingerprint'),
    ]);
    expect(fingerprintMismatches({ current: 'k3', keys: { k3: a } }, expected)).toEqual([
      'key "k3" is not in the expected key ring (k1, k2)',
    ]);
  });
});
