import fc from 'fast-check';
import { auditHash, AuditRecord, canonicalJson, GENESIS_HASH } from './audit-hash';

const record: AuditRecord = {
  seq: '7',
  at: '2026-01-02T03:04:05.678Z',
  actor: 'alice',
  action: 'case.approved',
  objectType: 'case',
  objectId: 'c-1',
  detail: { amountFen: 50_000 },
};

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('treats values the way a JSON round trip (and so jsonb) does', () => {
    expect(canonicalJson({ a: undefined, b: new Date('2026-01-02T00:00:00Z') })).toBe(
      '{"b":"2026-01-02T00:00:00.000Z"}',
    );
  });

  it('is independent of key insertion order', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        return (
          canonicalJson(obj) === canonicalJson(reversed) &&
          canonicalJson(JSON.parse(canonicalJson(obj))) === canonicalJson(obj)
        );
      }),
    );
  });
});

describe('auditHash', () => {
  it('is a sha256 hex of the previous hash and the record', () => {
    expect(auditHash(GENESIS_HASH, record)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditHash(GENESIS_HASH, { ...record, detail: { amountFen: 50_000 } })).toBe(auditHash(GENESIS_HASH, record));
  });

  it('changes when any member or the previous hash changes', () => {
    const base = auditHash(GENESIS_HASH, record);
    const variants: AuditRecord[] = [
      { ...record, seq: '8' },
      { ...record, at: '2026-01-02T03:04:05.679Z' },
      { ...record, actor: 'bob' },
      { ...record, action: 'case.rejected' },
      { ...record, objectType: 'payment' },
      { ...record, objectId: 'c-2' },
      { ...record, detail: { amountFen: 50_001 } },
    ];
    for (const v of variants) expect(auditHash(GENESIS_HASH, v)).not.toBe(base);
    expect(auditHash('f'.repeat(64), record)).not.toBe(base);
  });
});
