import fc from 'fast-check';
import { convertLegacy15, parseResidentId } from './resident-id';

const TODAY = '2025-06-30';
// Province-level codes written out independently of province-codes.data.json, so a code
// dropped from the data file fails the property below.
const PROVINCES = [
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
  '83',
];

/** Reference check character straight from ISO 7064 MOD 11-2: weight_i = 2^(18-i) mod 11. */
function referenceCheck(first17: string): string {
  let sum = 0;
  for (let i = 1; i <= 17; i++) sum += Number(first17[i - 1]) * (2 ** (18 - i) % 11);
  const value = (12 - (sum % 11)) % 11;
  return value === 10 ? 'X' : String(value);
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const withCheck = (first17: string) => first17 + referenceCheck(first17);

const birthDate = (minYear: number, maxYear: number) =>
  fc
    .record({
      year: fc.integer({ min: minYear, max: maxYear }),
      month: fc.integer({ min: 1, max: 12 }),
      day: fc.integer({ min: 1, max: 31 }),
    })
    .filter(({ year, month, day }) => day <= new Date(Date.UTC(year, month, 0)).getUTCDate())
    .map(({ year, month, day }) => `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`);

const validNumber = fc
  .record({
    province: fc.constantFrom(...PROVINCES),
    area: fc.integer({ min: 0, max: 9999 }),
    birth: birthDate(1800, 2025).filter((d) => d <= TODAY),
    sequence: fc.integer({ min: 0, max: 999 }),
  })
  .map(({ province, area, birth, sequence }) => ({
    number: withCheck(`${province}${pad(area, 4)}${birth.replace(/-/g, '')}${pad(sequence, 3)}`),
    birth,
    sex: sequence % 2 === 1 ? 'male' : 'female',
  }));

describe('parseResidentId', () => {
  it('accepts every generated valid number and derives its birth date, sex and region', () => {
    fc.assert(
      fc.property(validNumber, ({ number, birth, sex }) => {
        const parsed = parseResidentId(number, TODAY);
        expect(parsed).toEqual({ ok: true, id: { number, birthDate: birth, sex, regionCode: number.slice(0, 6) } });
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects every single-character substitution of a valid number', () => {
    const replacement = fc.constantFrom(...'0123456789XxAZ -/.０', 'é');
    fc.assert(
      fc.property(validNumber, fc.integer({ min: 0, max: 17 }), replacement, ({ number }, index, char) => {
        // x for X is the same number (normalisation), not a substitution.
        fc.pre(char.toUpperCase() !== number[index]);
        const changed = number.slice(0, index) + char + number.slice(index + 1);
        const parsed = parseResidentId(changed, TODAY);
        expect(parsed.ok).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('reports a changed sequence digit as a checksum failure', () => {
    fc.assert(
      fc.property(
        validNumber,
        fc.integer({ min: 14, max: 16 }),
        fc.integer({ min: 1, max: 9 }),
        ({ number }, index, delta) => {
          const digit = String((Number(number[index]) + delta) % 10);
          const parsed = parseResidentId(number.slice(0, index) + digit + number.slice(index + 1), TODAY);
          expect(parsed).toMatchObject({ ok: false, reason: 'checksum' });
        },
      ),
    );
  });

  it('accepts the published example 11010519491231002X', () => {
    expect(parseResidentId('11010519491231002X', TODAY)).toEqual({
      ok: true,
      id: { number: '11010519491231002X', birthDate: '1949-12-31', sex: 'female', regionCode: '110105' },
    });
  });

  it('normalises a lower-case x and surrounding blanks', () => {
    const parsed = parseResidentId(' 11010519491231002x ', TODAY);
    expect(parsed.ok && parsed.id.number).toBe('11010519491231002X');
  });

  it.each([
    ['checksum', '110105194912310021'],
    ['length', '11010519491231002'],
    ['length', '1101051949123100211'],
    ['length', ''],
    ['format', '1101051949123100ZX'],
    ['format', '110105194912310X2X'],
    ['format', '１１０１０５１９４９１２３１００２X'],
    ['region', withCheck('00010519491231002')],
    ['region', withCheck('99010519491231002')],
    ['date', withCheck('44200019490230002')],
    ['date', withCheck('44200019491301002')],
    ['date', withCheck('44200017991231002')],
  ])('rejects with reason %s: %s', (reason, raw) => {
    expect(parseResidentId(raw, TODAY)).toMatchObject({ ok: false, reason });
  });

  it('rejects a birth date after today and accepts one on today', () => {
    expect(parseResidentId(withCheck('44200020250701001'), TODAY)).toMatchObject({
      ok: false,
      reason: 'date',
      message: 'birth date is in the future',
    });
    expect(parseResidentId(withCheck('44200020250630001'), TODAY)).toMatchObject({ ok: true });
  });

  it('accepts 29 February only in leap years (1900 was not one, 2000 was)', () => {
    expect(parseResidentId(withCheck('44200020000229001'), TODAY)).toMatchObject({
      ok: true,
      id: { birthDate: '2000-02-29' },
    });
    expect(parseResidentId(withCheck('44200019000229001'), TODAY)).toMatchObject({ ok: false, reason: 'date' });
    expect(parseResidentId(withCheck('44200020230229001'), TODAY)).toMatchObject({ ok: false, reason: 'date' });
  });

  it('never repeats the input in a rejection message', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^[0-9Xx]{10,20}$/), fc.string({ minLength: 6 })), (raw) => {
        const parsed = parseResidentId(raw, TODAY);
        if (!parsed.ok) {
          expect(parsed.message).not.toContain(raw.trim());
          expect(parsed.message).not.toMatch(/\d{5}/);
        }
      }),
    );
  });

  it('refuses an invalid today instead of guessing', () => {
    expect(() => parseResidentId('11010519491231002X', '2025-02-30')).toThrow(RangeError);
  });
});

describe('convertLegacy15', () => {
  const legacy = fc
    .record({
      province: fc.constantFrom(...PROVINCES),
      area: fc.integer({ min: 0, max: 9999 }),
      birth: birthDate(1900, 1999),
      sequence: fc.integer({ min: 0, max: 999 }),
    })
    .map(({ province, area, birth, sequence }) => ({
      raw: `${province}${pad(area, 4)}${birth.slice(2).replace(/-/g, '')}${pad(sequence, 3)}`,
      birth,
      sequence,
    }));

  it('converts generated legacy numbers to valid 18-character numbers with the same birth date', () => {
    fc.assert(
      fc.property(legacy, ({ raw, birth, sequence }) => {
        const converted = convertLegacy15(raw, TODAY);
        const expected = withCheck(`${raw.slice(0, 6)}19${raw.slice(6)}`);
        expect(converted).toEqual({
          ok: true,
          id: {
            number: expected,
            birthDate: birth,
            sex: sequence % 2 === 1 ? 'male' : 'female',
            regionCode: raw.slice(0, 6),
          },
        });
        expect(parseResidentId(expected, TODAY)).toEqual(converted);
        expect(parseResidentId(raw, TODAY)).toEqual(converted);
      }),
      { numRuns: 1000 },
    );
  });

  it('converts the legacy form of the published example', () => {
    expect(convertLegacy15('110105491231002', TODAY)).toMatchObject({ ok: true, id: { number: '11010519491231002X' } });
  });

  it.each([
    ['length', '11010549123100'],
    ['length', '11010519491231002X'],
    ['format', '11010549123100X'],
    ['region', '990105491231002'],
    ['date', '110105490231002'],
  ])('rejects with reason %s: %s', (reason, raw) => {
    expect(convertLegacy15(raw, TODAY)).toMatchObject({ ok: false, reason });
  });
});
