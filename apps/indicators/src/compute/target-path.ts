import { daysBetween } from '@civic/calendar';
import { ParameterSet } from '@civic/policy-params';
import { compareRational, Rational, rationalOf } from './rational';

/** Where an indicator stands against the plan on a date. */
export type IndicatorStatus = 'met' | 'on-track' | 'behind' | 'no-data' | 'no-target';

export interface TargetOnDate {
  key: string;
  unit: string;
  /** The plan's 2025 figure: the last milestone of the key. */
  final: Rational;
  finalValue: number | string;
  source: string;
  placeholder?: string;
  /** The figure the plan's path expects on the date (straight line between milestones). */
  path: Rational;
}

/**
 * The target of `key` on `date`. Each dated value of an `indicators.*` key is a milestone (the
 * figure due by that day, apps/indicators/parameters/indicators.yaml); between two milestones the
 * path is the straight line, before the first it is the first, after the last it is the last.
 */
export function targetOn(params: ParameterSet, key: string, date: string): TargetOnDate {
  const definition = params.definition(key);
  const entries = definition.entries;
  const last = entries[entries.length - 1];
  let path = rationalOf(entries[0].value);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    if (date >= entry.effectiveFrom) path = rationalOf(entry.value);
    const next = entries[i + 1];
    if (next && date > entry.effectiveFrom && date < next.effectiveFrom) {
      path = between(rationalOf(entry.value), rationalOf(next.value), entry.effectiveFrom, next.effectiveFrom, date);
    }
  }
  return {
    key,
    unit: definition.unit,
    final: rationalOf(last.value),
    finalValue: last.value,
    source: last.source,
    ...(last.placeholder ? { placeholder: last.placeholder } : {}),
    path,
  };
}

function between(from: Rational, to: Rational, fromDate: string, toDate: string, date: string): Rational {
  const span = daysBetween(fromDate, toDate);
  const elapsed = daysBetween(fromDate, date);
  // from + (to − from) × elapsed / span, over one common denominator
  const num = from.num * to.den * span + (to.num * from.den - from.num * to.den) * elapsed;
  return { num, den: from.den * to.den * span };
}

/** met: at or past the 2025 target; on track: at or past the plan's path that day; else behind. */
export function statusOf(value: Rational | null, target: TargetOnDate | null): IndicatorStatus {
  if (!target) return 'no-target';
  if (!value) return 'no-data';
  if (compareRational(value, target.final) >= 0) return 'met';
  if (compareRational(value, target.path) >= 0) return 'on-track';
  return 'behind';
}
