import { isRatio } from './multiply-fen';

/** Units a parameter may have: money in integer fen, ratios as decimal strings, counts as integers. */
export const PARAMETER_UNITS = [
  'fen',
  'fen/month',
  'fen/year',
  'fen/case',
  'ratio',
  'days',
  'months',
  'years',
  'level',
  'minutes',
  'points',
  /** A number of things (organisations, people, person-times): plan indicator targets. */
  'count',
] as const;
export type ParameterUnit = (typeof PARAMETER_UNITS)[number];

/** One dated value of a parameter as returned by lookups. */
export interface ParameterValue {
  key: string;
  value: number | string;
  unit: string;
  effectiveFrom: string;
  source: string;
  /** Present when the figure is not one the plan or a notice gives; says why and what stands in. */
  placeholder?: string;
  /** Caveat about the figure or its date (e.g. an assumed effective day). */
  note?: string;
  /** Present when the value was scheduled at runtime rather than read from the files. */
  scheduledBy?: string;
}

/** One dated entry in a parameter file. */
export interface ParameterEntry {
  effectiveFrom: string;
  value: number | string;
  source: string;
  placeholder?: string;
  note?: string;
}

/** A parameter as defined in its YAML file, entries sorted by effectiveFrom. */
export interface ParameterDefinition {
  key: string;
  description: string;
  unit: ParameterUnit;
  file: string;
  entries: readonly ParameterEntry[];
}

/** A value scheduled at runtime by the owning service; it wins over the files from effectiveFrom on. */
export interface ScheduledValue {
  key: string;
  value: number | string;
  effectiveFrom: string;
  source: string;
  scheduledBy: string;
}

/** Why `value` is not acceptable for `unit`, or undefined when it is. */
export function unitProblem(unit: ParameterUnit, value: unknown): string | undefined {
  if (unit === 'ratio') {
    return isRatio(value) && !value.startsWith('-')
      ? undefined
      : `a ratio is a non-negative decimal string such as '1.6'`;
  }
  const what = unit.startsWith('fen') ? 'an amount in fen' : `a count of ${unit}`;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? undefined
    : `${what} is a non-negative integer`;
}
