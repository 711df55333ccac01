// Every decision the means test makes carries its reasons, and every reason that rests on a policy
// value names the parameter, its value, since when it applies and where it comes from: a caseworker
// or an auditor can trace an amount back to the rule in force on the assessment date.
import type { ParameterValue } from '@civic/policy-params';

export interface Reason {
  rule: string;
  parameterKey: string | null;
  value: number | string | null;
  effectiveFrom: string | null;
  source: string | null;
  /** Present when the parameter is a stand-in for a value the plan leaves open. */
  placeholder?: string;
  detail: string;
}

/** A reason resting on a dated parameter. */
export function paramReason(rule: string, p: ParameterValue, detail: string): Reason {
  const reason: Reason = {
    rule,
    parameterKey: p.key,
    value: p.value,
    effectiveFrom: p.effectiveFrom,
    source: p.source,
    detail,
  };
  if (p.placeholder !== undefined) reason.placeholder = p.placeholder;
  return reason;
}

/** A reason resting on a fact of the household alone. */
export function factReason(rule: string, detail: string): Reason {
  return { rule, parameterKey: null, value: null, effectiveFrom: null, source: null, detail };
}

/** The value of a money or count parameter; a non-integer means a broken parameter file, not bad input. */
export function integerValue(p: ParameterValue): number {
  if (typeof p.value !== 'number' || !Number.isInteger(p.value))
    throw new TypeError(`parameter ${p.key} must be an integer (${p.unit}), got ${p.value}`);
  return p.value;
}

/** The value of a ratio parameter: a decimal string, for multiplyFen. */
export function ratioValue(p: ParameterValue): string {
  if (typeof p.value !== 'string')
    throw new TypeError(`parameter ${p.key} must be a decimal ratio string, got ${p.value}`);
  return p.value;
}

/** Formats fen as yuan for reason texts only (string arithmetic, no float). */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}${Math.floor(abs / 100)}.${cents} yuan`;
}
