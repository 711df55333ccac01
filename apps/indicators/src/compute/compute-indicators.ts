import { addMonths, daysInMonth } from '@civic/calendar';
import { ParameterLookupError, ParameterSet, ParameterValue } from '@civic/policy-params';
import { IndicatorFact } from './indicator-fact';
import { Computation, Display, IndicatorContext, IndicatorDefinition } from './indicator';
import { contextAt } from './indicator-context';
import { decimalOf, Rational } from './rational';
import { IndicatorStatus, statusOf, targetOn, TargetOnDate } from './target-path';

/** An event an indicator was computed from (the drill-down); no payload, so no personRef leaves. */
export interface EvidenceEvent {
  eventId: string;
  type: string;
  occurredOn: string;
  subject: string;
  town: string | null;
}

export interface IndicatorTarget {
  key: string;
  unit: string;
  /** The plan's 2025 figure. */
  value: string;
  source: string;
  placeholder?: string;
  /** What the plan's path expects on the date. */
  pathValue: string;
}

export interface IndicatorResult {
  id: string;
  plan: string;
  titleZh: string;
  titleEn: string;
  display: Display;
  basis: string;
  date: string;
  /** Decimal string: a share or multiple with 4 places, a count or fen amount whole, days with 1. */
  value: string | null;
  status: IndicatorStatus;
  target: IndicatorTarget | null;
  towns: { town: string; name: string; value: string | null; status?: IndicatorStatus }[];
  parameters: ParameterValue[];
  eventCount: number;
  events?: EvidenceEvent[];
  trend?: { month: string; date: string; value: string | null }[];
}

const PLACES: Record<Display, number> = { percent: 4, multiple: 4, count: 0, 'yuan-per-month': 0, days: 1 };

const format = (display: Display, r: Rational | null) => (r ? decimalOf(r, PLACES[display]) : null);

/** The indicator's computation on the context's date; a parameter with no value yet gives no value. */
function run(definition: IndicatorDefinition, ctx: IndicatorContext): Computation {
  try {
    return definition.compute(ctx);
  } catch (error) {
    if (error instanceof ParameterLookupError && error.reason === 'no-value-yet') return { value: null, events: [] };
    throw error;
  }
}

function targetOf(definition: IndicatorDefinition, params: ParameterSet, date: string): TargetOnDate | null {
  return definition.targetKey ? targetOn(params, definition.targetKey, date) : null;
}

/** The last day of each of the `months` months ending with the date's month (that month ends on the date). */
export function trendDates(date: string, months: number): { month: string; date: string }[] {
  const out: { month: string; date: string }[] = [];
  for (let back = months - 1; back >= 0; back--) {
    const month = addMonths(date, -back).slice(0, 7);
    const [y, m] = month.split('-').map(Number);
    out.push({ month, date: back === 0 ? date : `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}` });
  }
  return out;
}

export interface ComputeOptions {
  /** Months of trend to add (0 = none). */
  trendMonths?: number;
  /** Evidence events to list (0 = count only). */
  evidenceLimit?: number;
}

/**
 * Every listed indicator on `date` from the facts: value, the plan's 2025 target and the path
 * figure of the date, status, per-town values and the events and parameters it came from.
 */
export function computeIndicators(
  definitions: readonly IndicatorDefinition[],
  facts: readonly IndicatorFact[],
  base: ParameterSet,
  date: string,
  options: ComputeOptions = {},
): IndicatorResult[] {
  const ctx = contextAt(facts, base, date);
  const trendContexts = trendDates(date, options.trendMonths ?? 0).map((t) => ({
    ...t,
    ctx: t.date === date ? ctx : contextAt(facts, base, t.date),
  }));
  return definitions.map((definition) => {
    const computed = run(definition, ctx);
    const target = targetOf(definition, ctx.params, date);
    const result: IndicatorResult = {
      id: definition.id,
      plan: definition.plan,
      titleZh: definition.titleZh,
      titleEn: definition.titleEn,
      display: definition.display,
      basis: definition.basis,
      date,
      value: format(definition.display, computed.value),
      status: statusOf(computed.value, target),
      target: target && {
        key: target.key,
        unit: target.unit,
        value: String(target.finalValue),
        source: target.source,
        ...(target.placeholder ? { placeholder: target.placeholder } : {}),
        pathValue: decimalOf(target.path, 4),
      },
      towns: (computed.towns ?? []).map((t) => ({
        town: t.town,
        name: ctx.townName(t.town),
        value: format(definition.display, t.value),
        ...(definition.townsJudged ? { status: statusOf(t.value, target) } : {}),
      })),
      parameters: computed.parameters ?? [],
      eventCount: new Set(computed.events.map((e) => e.eventId)).size,
    };
    const limit = options.evidenceLimit ?? 0;
    if (limit > 0) result.events = evidenceOf(computed.events).slice(0, limit);
    if (trendContexts.length > 0)
      result.trend = trendContexts.map((t) => ({
        month: t.month,
        date: t.date,
        value: format(definition.display, run(definition, t.ctx).value),
      }));
    return result;
  });
}

/** Distinct events, latest business day first. */
function evidenceOf(facts: readonly IndicatorFact[]): EvidenceEvent[] {
  const seen = new Map<string, EvidenceEvent>();
  for (const f of facts)
    seen.set(f.eventId, {
      eventId: f.eventId,
      type: f.type,
      occurredOn: f.occurredOn,
      subject: f.subject,
      town: f.town,
    });
  return [...seen.values()].sort((a, b) => (a.occurredOn < b.occurredOn ? 1 : a.occurredOn > b.occurredOn ? -1 : 0));
}
