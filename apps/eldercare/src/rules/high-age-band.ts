import { addDays, addMonths, ageOn } from '@civic/calendar';
import { ParameterSet } from '@civic/policy-params';

/** A high-age allowance band: from `age` up to the next band, paid the dated amount of `key`. */
export interface HighAgeBand {
  age: number;
  key: string;
  monthlyAmountFen: number;
  /** The day the elder entered this band (the birthday of `age`). */
  from: string;
}

// The bands are the parameters elder.high_age_allowance.age_<N> (80-89, 90-99, 100+): band ages come
// from the keys, amounts from the dated values, so a new band is a parameter, not a code change.
function bandKeys(params: ParameterSet): { age: number; key: string }[] {
  return params
    .keys()
    .map((key) => ({ key, m: /^elder\.high_age_allowance\.age_(\d+)$/.exec(key) }))
    .filter((x): x is { key: string; m: RegExpExecArray } => x.m !== null)
    .map(({ key, m }) => ({ age: Number(m[1]), key }))
    .sort((a, b) => a.age - b.age);
}

/**
 * The band an elder born on `birthDate` is in on `date`, or null below the dated minimum age
 * (elder.high_age_allowance.min_age). A birthday is reached on the day itself.
 */
export function highAgeBand(birthDate: string, params: ParameterSet, date: string): HighAgeBand | null {
  const age = ageOn(birthDate, date);
  if (age < (params.valueAt('elder.high_age_allowance.min_age', date).value as number)) return null;
  const band = bandKeys(params)
    .filter((b) => b.age <= age)
    .pop();
  if (!band) return null;
  return {
    age: band.age,
    key: band.key,
    monthlyAmountFen: params.fenAt(band.key, date),
    from: birthday(birthDate, band.age),
  };
}

/** The day of the `age`-th birthday; a 29 February birthday is reached on 1 March in common years (like ageOn). */
export function birthday(birthDate: string, age: number): string {
  const day = addMonths(birthDate, age * 12);
  return day.slice(8) === birthDate.slice(8) ? day : addDays(day, 1);
}
