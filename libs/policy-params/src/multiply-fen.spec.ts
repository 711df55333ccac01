import fc from 'fast-check';
import { multiplyFen, ratioOf, Rounding } from './multiply-fen';

/**
 * Reference: x = fen × n / d exactly. Checks r against the definition of each mode with BigInt
 * cross-multiplication (|r·d − fen·n| compared with d), not by re-running the same algorithm.
 */
function satisfiesMode(result: number, fen: number, ratio: string, mode: Rounding): boolean {
  const [whole, fraction = ''] = ratio.replace('-', '').split('.');
  const sign = ratio.startsWith('-') ? -1n : 1n;
  const n = sign * BigInt(whole + fraction);
  const d = 10n ** BigInt(fraction.length);
  const exact = BigInt(fen) * n; // x·d
  const r = BigInt(result) * d; // r·d
  const abs = (v: bigint) => (v < 0n ? -v : v);
  const gap = abs(r - exact); // |r − x|·d
  if (gap >= d) return false; // within one fen
  if (gap === 0n) return true;
  const awayFromZero = abs(r) > abs(exact);
  if (mode === 'up') return awayFromZero;
  if (mode === 'down') return !awayFromZero;
  return 2n * gap < d || (2n * gap === d && awayFromZero);
}

const ratio = fc
  .tuple(fc.boolean(), fc.integer({ min: 0, max: 50 }), fc.option(fc.stringMatching(/^\d{1,6}$/), { nil: undefined }))
  .map(
    ([negative, whole, fraction]) => `${negative ? '-' : ''}${whole}${fraction === undefined ? '' : `.${fraction}`}`,
  );
const fen = fc.integer({ min: -1e11, max: 1e11 });
const mode = fc.constantFrom<Rounding>('half-up', 'up', 'down');

describe('multiplyFen', () => {
  it('rounds the exact product as its mode defines (property against a BigInt reference)', () => {
    fc.assert(
      fc.property(fen, ratio, mode, (amount, r, m) => {
        expect(satisfiesMode(multiplyFen(amount, r, m), amount, r, m)).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('is exact where binary floating point is not', () => {
    expect(multiplyFen(110000, '1.6')).toBe(176000);
    // 50 × 1.15 = 57.5 exactly, but 50 * 1.15 is 57.49999999999999 in binary floating point.
    expect(Math.round(50 * 1.15)).toBe(57);
    expect(multiplyFen(50, '1.15')).toBe(58);
    expect(multiplyFen(100, '1.005')).toBe(101);
    expect(multiplyFen(333, '0.15', 'half-up')).toBe(50); // 49.95
    expect(multiplyFen(1, '0.5')).toBe(1);
    expect(multiplyFen(-1, '0.5')).toBe(-1); // ties away from zero
    expect(multiplyFen(3, '0.5', 'down')).toBe(1);
    expect(multiplyFen(3, '0.5', 'up')).toBe(2);
    expect(multiplyFen(-3, '0.5', 'up')).toBe(-2);
    expect(multiplyFen(-3, '0.5', 'down')).toBe(-1);
    expect(multiplyFen(100000003, '0.07', 'half-up')).toBe(7000000); // 7000000.21
    expect(multiplyFen(9007199254740991, '1')).toBe(9007199254740991);
  });

  it('refuses floats, malformed ratios and results beyond the safe integer range', () => {
    expect(() => multiplyFen(1.5, '1')).toThrow(RangeError);
    expect(() => multiplyFen(100, '1.6e0')).toThrow(RangeError);
    expect(() => multiplyFen(100, '.6')).toThrow(RangeError);
    expect(() => multiplyFen(100, 1.6 as unknown as string)).toThrow(RangeError);
    expect(() => multiplyFen(9007199254740991, '2')).toThrow(/safe integer/);
    expect(() => multiplyFen(1, '0.5', 'banker' as Rounding)).toThrow(/unknown rounding/);
  });
});

describe('ratioOf', () => {
  it.each([
    [0, 3, 4, '0.0000'],
    [1, 3, 4, '0.3333'],
    [2, 3, 4, '0.6667'],
    [1, 8, 4, '0.1250'],
    [1, 8, 2, '0.13'], // tie rounds up
    [3, 3, 4, '1.0000'],
    [5, 4, 1, '1.3'], // 1.25 → 1.3
    [7, 2, 0, '4'], // 3.5 → 4
    [277, 277, 4, '1.0000'],
  ])('%i / %i to %i places is %s', (part, whole, places, expected) => {
    expect(ratioOf(part, whole, places)).toBe(expected);
  });

  it('refuses a zero or negative whole and non-integers', () => {
    expect(() => ratioOf(1, 0)).toThrow(RangeError);
    expect(() => ratioOf(-1, 3)).toThrow(RangeError);
    expect(() => ratioOf(0.5, 3)).toThrow(RangeError);
  });
});
