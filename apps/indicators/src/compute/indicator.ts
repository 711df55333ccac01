import { ParameterSet, ParameterValue } from '@civic/policy-params';
import { IndicatorFact } from './indicator-fact';
import { Rational } from './rational';

/** How a value reads on the page: a share (%), a multiple (×), a number, yuan a month, days. */
export type Display = 'percent' | 'multiple' | 'count' | 'yuan-per-month' | 'days';

/** The facts known on a date and the parameters in force: what every indicator is computed from. */
export interface IndicatorContext {
  date: string;
  params: ParameterSet;
  /** Facts of a type that count on or before the date, in the order they were consumed. */
  ofType(type: string): readonly IndicatorFact[];
  /** The latest name governance gave a town code (its code when none is known). */
  townName(code: string): string;
}

export interface TownValue {
  town: string;
  value: Rational | null;
}

/** What an indicator computed on a date, with the events and parameter values it came from. */
export interface Computation {
  value: Rational | null;
  towns?: TownValue[];
  events: readonly IndicatorFact[];
  parameters?: ParameterValue[];
}

/** One 专栏1 indicator (or one of the platform's own) the read model computes from events. */
export interface IndicatorDefinition {
  id: string;
  /** Where the plan states it, e.g. '专栏1 indicator 17'. */
  plan: string;
  titleZh: string;
  titleEn: string;
  display: Display;
  /** The `indicators.*` parameter holding its dated milestones; absent when the plan sets none. */
  targetKey?: string;
  /** Whether each town is judged against the city target too (shares, not city totals). */
  townsJudged?: boolean;
  /** How the value is computed from events, with its caveats (shown on the card). */
  basis: string;
  compute(ctx: IndicatorContext): Computation;
}
