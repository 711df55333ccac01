import { isCalendarDate } from '@civic/calendar';
import { DERIVED_PARAMETERS, DerivedDefinition } from './derived-parameters';
import { multiplyFen, Ratio } from './multiply-fen';
import { ParameterLookupError } from './parameter-errors';
import { ParameterDefinition, ParameterValue, ScheduledValue } from './parameter-value';
import { InvalidScheduledValueError, scheduledValueProblems } from './validate-scheduled-value';

/**
 * Dated policy parameters: the files' values plus values scheduled at runtime. Dates are
 * Asia/Shanghai calendar dates 'YYYY-MM-DD'; a value holds from its effective date until the next.
 */
export class ParameterSet {
  private readonly definitions: ReadonlyMap<string, ParameterDefinition>;
  private readonly derived: ReadonlyMap<string, DerivedDefinition>;

  constructor(
    definitions: readonly ParameterDefinition[],
    private readonly overrides: readonly ScheduledValue[] = [],
  ) {
    this.definitions = new Map(definitions.map((d) => [d.key, d]));
    this.derived = new Map(DERIVED_PARAMETERS.map((d) => [d.key, d]));
    overrides.forEach((override, index) => {
      const problems = scheduledValueProblems(this, override);
      if (problems.length > 0) throw new InvalidScheduledValueError(index, problems);
    });
  }

  /** Keys of the parameters defined in the files, sorted. */
  keys(): string[] {
    return [...this.definitions.keys()].sort();
  }

  /** Keys that `derivedAt` answers, sorted. */
  derivedKeys(): string[] {
    return [...this.derived.keys()].sort();
  }

  /** The file definition of `key` (description, unit, dated entries). */
  definition(key: string): ParameterDefinition {
    const definition = this.definitions.get(key);
    if (!definition) throw this.unknownKey(key, '');
    return definition;
  }

  /** The value in force on `date`: the latest scheduled value from its date on, else the files' value. */
  valueAt(key: string, date: string): ParameterValue {
    const definition = this.definitions.get(key);
    if (!definition) throw this.unknownKey(key, date);
    this.requireDate(key, date);

    let scheduled: ScheduledValue | undefined;
    for (const candidate of this.overrides) {
      // Among values scheduled for the same day the later-scheduled one wins.
      if (
        candidate.key === key &&
        candidate.effectiveFrom <= date &&
        (!scheduled || candidate.effectiveFrom >= scheduled.effectiveFrom)
      ) {
        scheduled = candidate;
      }
    }
    if (scheduled) {
      const { value, effectiveFrom, source, scheduledBy } = scheduled;
      return { key, value, unit: definition.unit, effectiveFrom, source, scheduledBy };
    }

    let entry = undefined;
    for (const candidate of definition.entries) if (candidate.effectiveFrom <= date) entry = candidate;
    if (!entry) {
      throw new ParameterLookupError(
        key,
        date,
        'no-value-yet',
        `parameter "${key}" has no value on ${date}; its first value takes effect ${definition.entries[0].effectiveFrom}`,
      );
    }
    return { key, unit: definition.unit, ...entry };
  }

  /** `valueAt` for a money parameter: integer fen. */
  fenAt(key: string, date: string): number {
    return this.typed(key, date, (unit) => unit.startsWith('fen'), 'an amount in fen') as number;
  }

  /** `valueAt` for a ratio parameter: a decimal string. */
  ratioAt(key: string, date: string): Ratio {
    return this.typed(key, date, (unit) => unit === 'ratio', 'a ratio') as Ratio;
  }

  /** `valueAt` for a count parameter (days, months, years, level): an integer. */
  countAt(key: string, date: string): number {
    return this.typed(key, date, (unit) => !unit.startsWith('fen') && unit !== 'ratio', 'a count') as number;
  }

  /** A derived parameter on `date`: amount × factor in force that day, its source naming both inputs. */
  derivedAt(key: string, date: string): ParameterValue {
    const derived = this.derived.get(key);
    if (!derived) {
      const hint = this.definitions.has(key) ? '; it is read from the files, use valueAt' : '';
      throw new ParameterLookupError(key, date, 'not-derived', `"${key}" is not a derived parameter${hint}`);
    }
    const amount = this.valueAt(derived.amountKey, date);
    const factor = this.valueAt(derived.factorKey, date);
    const value = multiplyFen(amount.value as number, String(factor.value));
    const describe = (input: ParameterValue) =>
      `${input.key} = ${input.value} ${input.unit} from ${input.effectiveFrom}${input.scheduledBy ? ` (scheduled by ${input.scheduledBy})` : ''}`;
    const placeholders = [amount, factor].filter((i) => i.placeholder).map((i) => `${i.key}: ${i.placeholder}`);
    return {
      key,
      value,
      unit: derived.unit,
      effectiveFrom: amount.effectiveFrom > factor.effectiveFrom ? amount.effectiveFrom : factor.effectiveFrom,
      source: `derived: ${describe(factor)} × ${describe(amount)}`,
      ...(placeholders.length > 0 && { placeholder: `derived from placeholder input(s): ${placeholders.join('; ')}` }),
    };
  }

  /**
   * Every day after `after` on which some value of `keys` (default: all) takes effect, files and
   * scheduled values alike, sorted: the days a result computed from this set can change on.
   */
  changeDates(after: string, keys: readonly string[] = this.keys()): string[] {
    const wanted = new Set(keys);
    const dates = new Set<string>();
    for (const key of wanted)
      for (const e of this.definitions.get(key)?.entries ?? []) if (e.effectiveFrom > after) dates.add(e.effectiveFrom);
    for (const o of this.overrides) if (wanted.has(o.key) && o.effectiveFrom > after) dates.add(o.effectiveFrom);
    return [...dates].sort();
  }

  /** A new set where `overrides` (added after any this set already has) win from their dates on. */
  withOverrides(overrides: readonly ScheduledValue[]): ParameterSet {
    return new ParameterSet([...this.definitions.values()], [...this.overrides, ...overrides]);
  }

  /** True when `key` is a derived parameter. */
  isDerived(key: string): boolean {
    return this.derived.has(key);
  }

  private typed(key: string, date: string, accepts: (unit: string) => boolean, what: string): number | string {
    const found = this.valueAt(key, date);
    if (!accepts(found.unit))
      throw new ParameterLookupError(key, date, 'wrong-unit', `parameter "${key}" is in ${found.unit}, not ${what}`);
    return found.value;
  }

  private requireDate(key: string, date: string): void {
    if (!isCalendarDate(date))
      throw new ParameterLookupError(
        key,
        String(date),
        'invalid-date',
        `parameter "${key}": date must be a 'YYYY-MM-DD' calendar date`,
      );
  }

  private unknownKey(key: string, date: string): ParameterLookupError {
    if (this.derived.has(key))
      return new ParameterLookupError(key, date, 'derived-key', `"${key}" is a derived parameter; use derivedAt`);
    return new ParameterLookupError(key, date, 'unknown-key', `unknown parameter "${key}"`);
  }
}
