import { isRatio, ratioOf } from '@civic/policy-params';

/**
 * An exact non-negative fraction of whole numbers. Indicator values and targets are compared as
 * fractions with BigInt cross-multiplication, so "met exactly" is exact: a share of 2/3 against a
 * target of 0.6667 is judged on the true value, not on a rounded or binary-float one.
 */
export interface Rational {
  num: number;
  den: number;
}

export const whole = (n: number): Rational => ({ num: n, den: 1 });

/** A decimal string ('1.6', '0.083') or a whole number as a fraction (negative growth never comes from a parameter). */
export function rationalOf(value: string | number): Rational {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`rationalOf: ${value} is not a whole number`);
    return whole(value);
  }
  if (!isRatio(value) || value.startsWith('-')) throw new RangeError(`rationalOf: ${value} is not a decimal`);
  const [int, fraction = ''] = value.split('.');
  return { num: Number(`${int}${fraction}`), den: 10 ** fraction.length };
}

/** -1, 0 or 1 as a is below, equal to or above b. */
export function compareRational(a: Rational, b: Rational): number {
  const left = BigInt(a.num) * BigInt(b.den);
  const right = BigInt(b.num) * BigInt(a.den);
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The fraction as a decimal string with `places` decimals, rounded half-up (for display and JSON). */
export function decimalOf(r: Rational, places = 4): string {
  return r.num < 0 ? `-${ratioOf(-r.num, r.den, places)}` : ratioOf(r.num, r.den, places);
}
