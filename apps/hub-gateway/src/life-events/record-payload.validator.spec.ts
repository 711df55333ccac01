import { EventDefinition } from '@civic/contracts';
import { EVENT_OF_RECORD_TYPE } from './life-event-record';
import { contractPayloadErrors, decoratorErrors } from './record-payload.validator';

// class-validator alone is the reference: the compiled fast path must give the very same error
// list (field, rule, message) for every record payload, valid or not.
const DELETE = Symbol('delete');
const MUTATIONS: unknown[] = [
  DELETE,
  null,
  undefined,
  12,
  12.5,
  -1,
  0,
  5,
  100,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  {},
  '',
  ' ',
  'x',
  '12',
  'true',
  '2024-02-30',
  '2024-02-29',
  '2023-02-29',
  '2024-06-01T08:00:00+08:00',
  'a'.repeat(65),
  'a'.repeat(501),
  'a'.repeat(499) + '\uFE0F\uFE0F',
  'k1:AAAAAAAAAAAAAAAAAAAAAAAAAA',
  '442000********123X',
  '442000********123x',
  '440300001',
  'informal',
  'formal',
  'revoked',
];
const definitions = Object.entries(EVENT_OF_RECORD_TYPE) as [string, EventDefinition][];

describe('contractPayloadErrors (compiled validator, class-validator for the report)', () => {
  it('gives the same errors as class-validator for every mutation of every record type, and accepts the examples', () => {
    const mismatches: unknown[] = [];
    let accepted = 0;
    let refused = 0;
    for (const [recordType, def] of definitions) {
      const example = def.example as Record<string, unknown>;
      expect({ recordType, errors: contractPayloadErrors(def, { ...example }) }).toEqual({ recordType, errors: [] });
      const variants: Record<string, unknown>[] = [
        { ...example, unknownField: 'x' },
        { ...example, '(extra cells)': 'a,b' },
      ];
      for (const field of Object.keys(example)) {
        for (const value of MUTATIONS) {
          const data = { ...example };
          if (value === DELETE) delete data[field];
          else data[field] = value;
          variants.push(data);
        }
      }
      for (const data of variants) {
        const reference = decoratorErrors(def.payload, data);
        const fast = contractPayloadErrors(def, data);
        if (JSON.stringify(fast) !== JSON.stringify(reference)) mismatches.push({ recordType, data, reference, fast });
        if (reference.length) refused++;
        else accepted++;
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // both verdicts must be exercised, or the comparison proves nothing
    expect(refused).toBeGreaterThan(500);
    expect(accepted).toBeGreaterThan(50);
  }, 60_000);

  it('names an unknown field with whitelistValidation', () => {
    const def = EVENT_OF_RECORD_TYPE['hospital-bill'];
    expect(contractPayloadErrors(def as EventDefinition, { ...def.example, ward: '3' })).toEqual([
      { field: 'data.ward', rule: 'whitelistValidation', message: 'data.property ward should not exist' },
    ]);
  });
});
