import { isCalendarDate, todayInShanghai } from '@civic/calendar';
import type { ParameterSet } from './parameter-set';
import { ScheduledValue, unitProblem } from './parameter-value';

/** An override list passed to withOverrides holds a value that could never be valid. */
export class InvalidScheduledValueError extends Error {
  override name = 'InvalidScheduledValueError';

  constructor(
    readonly index: number,
    readonly problems: string[],
  ) {
    super(`scheduled value #${index}: ${problems.join('; ')}`);
  }
}

/**
 * Problems that forbid storing `value` as a scheduled parameter value (empty when acceptable):
 * unknown or derived key, value of the wrong type for the unit, malformed date, an effective
 * date before `today` (Asia/Shanghai), missing source or author. Each problem starts with the field.
 */
export function validateScheduledValue(
  set: ParameterSet,
  value: ScheduledValue,
  today: string = todayInShanghai(),
): string[] {
  if (!isCalendarDate(today)) throw new RangeError('validateScheduledValue: today must be a YYYY-MM-DD calendar date');
  const problems = scheduledValueProblems(set, value);
  if (isCalendarDate(value?.effectiveFrom) && value.effectiveFrom < today) {
    problems.push(
      `effectiveFrom: ${value.effectiveFrom} is in the past; values can be scheduled from today (${today}) on`,
    );
  }
  return problems;
}

/** The checks that hold for any scheduled value, whenever it was stored. */
export function scheduledValueProblems(set: ParameterSet, value: ScheduledValue): string[] {
  if (typeof value !== 'object' || value === null)
    return ['value: expected { key, value, effectiveFrom, source, scheduledBy }'];
  const problems: string[] = [];
  if (typeof value.key !== 'string' || !set.keys().includes(value.key)) {
    problems.push(
      set.isDerived(value.key)
        ? `key: "${value.key}" is derived from other parameters and cannot be scheduled`
        : `key: unknown parameter "${String(value.key)}"`,
    );
  } else {
    const { unit } = set.definition(value.key);
    const problem = unitProblem(unit, value.value);
    if (problem) problems.push(`value: must be ${problem} (unit ${unit})`);
  }
  if (!isCalendarDate(value.effectiveFrom)) problems.push(`effectiveFrom: must be a 'YYYY-MM-DD' calendar date`);
  if (typeof value.source !== 'string' || value.source.trim() === '')
    problems.push('source: required (the notice or decision the value comes from)');
  if (typeof value.scheduledBy !== 'string' || value.scheduledBy.trim() === '') problems.push('scheduledBy: required');
  return problems;
}
