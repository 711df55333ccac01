/** A decimal multiplier or share written as a string ('1.6', '0.05'), never a binary float. */
export type Ratio = string;

/** Rounding to whole fen, as java.math.RoundingMode: 'up' away from zero, 'down' toward zero, 'half-up' nearest with ties away from zero. */
export type Rounding = 'half-up' | 'up' | 'down';

const RATIO_PATTERN = /^(-?)(\d+)(?:\.(\d+))?$/;

/** True when `value` is a decimal string usable as a Ratio. */
export function isRatio(value: unknown): value is Ratio {
  return typeof value === 'string' && RATIO_PATTERN.test(value);
}

/** fen × ratio rounded to whole fen, computed exactly with BigInt. */
export function multiplyFen(fen: number, ratio: Ratio, rounding: Rounding = 'half-up'): number {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`multiplyFen: fen must be a safe integer, got ${fen}`);
  const match = typeof ratio === 'string' ? RATIO_PATTERN.exec(ratio) : null;
  if (!match) throw new RangeError(`multiplyFen: ratio must be a decimal string like '1.6', got ${String(ratio)}`);
  const [, minus, whole, fraction = ''] = match;
  const numerator = BigInt(`${minus}${whole}${fraction}`);
  const denominator = 10n ** BigInt(fraction.length);

  const product = BigInt(fen) * numerator;
  const quotient = product / denominator; // truncates toward zero
  const remainder = product % denominator; // has the sign of product
  const away = product < 0n ? -1n : 1n;
  const magnitude = remainder < 0n ? -remainder : remainder;
  let result = quotient;
  if (magnitude !== 0n) {
    if (rounding === 'up' || (rounding === 'half-up' && 2n * magnitude >= denominator)) result += away;
    else if (rounding !== 'down' && rounding !== 'half-up')
      throw new RangeError(`multiplyFen: unknown rounding ${String(rounding)}`);
  }
  if (result > BigInt(Number.MAX_SAFE_INTEGER) || result < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new RangeError('multiplyFen: result exceeds the safe integer range');
  }
  return Number(result);
}

/**
 * part ÷ whole as a Ratio with `places` decimals, rounded half-up, computed with integers: the share
 * a coverage indicator reports and compares with its dated target, never a binary float.
 */
export function ratioOf(part: number, whole: number, places = 4): Ratio {
  if (!Number.isSafeInteger(part) || !Number.isSafeInteger(whole) || part < 0 || whole <= 0)
    throw new RangeError(`ratioOf: expected whole counts with whole > 0, got ${part}/${whole}`);
  const scale = 10n ** BigInt(places);
  const scaled = (2n * BigInt(part) * scale + BigInt(whole)) / (2n * BigInt(whole)); // half-up
  const digits = scaled.toString().padStart(places + 1, '0');
  return places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}
