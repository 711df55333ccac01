import { daysBetween } from '@civic/calendar';
import { IndicatorFact } from './indicator-fact';
import { IndicatorDefinition } from './indicator';
import { Rational, whole } from './rational';
import { bump, townCounts } from './tally';

// The platform's own figures for "policy finds people" (docs/domain.md "Policy finds people"): the
// plan sets no number for them, so they carry no target.

export const alertsRaised: IndicatorDefinition = {
  id: 'alerts-raised',
  plan: '三（一）6 政策找人',
  titleZh: '主动发现预警',
  titleEn: 'Alerts raised (policy finds people)',
  display: 'count',
  basis: 'policy.alert.raised events evaluated on or before the date, by the person’s town.',
  compute(ctx) {
    const raised = ctx.ofType('policy.alert.raised');
    const perTown = new Map<string, number>();
    raised.forEach((f) => bump(perTown, f.data.town));
    return { value: whole(raised.length), towns: townCounts(perTown), events: raised };
  },
};

function enrolments(facts: readonly IndicatorFact[]): IndicatorFact[] {
  return facts.filter((f) => f.data.outcome === 'enrolled');
}

export const alertsEnrolled: IndicatorDefinition = {
  id: 'alerts-enrolled',
  plan: '三（一）6 政策找人',
  titleZh: '预警后纳入保障',
  titleEn: 'Alerts ending in enrolment',
  display: 'count',
  basis: 'policy.alert.resolved events with outcome enrolled on or before the date, by town.',
  compute(ctx) {
    const enrolled = enrolments(ctx.ofType('policy.alert.resolved'));
    const perTown = new Map<string, number>();
    enrolled.forEach((f) => bump(perTown, f.data.town));
    return { value: whole(enrolled.length), towns: townCounts(perTown), events: enrolled };
  },
};

/** The median of whole numbers as an exact fraction (the mean of the two middle ones when even). */
export function median(values: number[]): Rational | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? whole(sorted[mid]) : { num: sorted[mid - 1] + sorted[mid], den: 2 };
}

export const medianDaysToEnrolment: IndicatorDefinition = {
  id: 'median-days-to-enrolment',
  plan: '三（一）6 政策找人',
  titleZh: '预警至纳入保障天数（中位数）',
  titleEn: 'Median days from alert to enrolment',
  display: 'days',
  basis:
    'Days from the day an alert’s rule was evaluated to the day it was resolved as enrolled; median over enrolments, by town.',
  compute(ctx) {
    const raised = new Map(ctx.ofType('policy.alert.raised').map((f) => [f.data.alertId as string, f]));
    const days: number[] = [];
    const perTown = new Map<string, number[]>();
    const events: IndicatorFact[] = [];
    for (const f of enrolments(ctx.ofType('policy.alert.resolved'))) {
      const alert = raised.get(f.data.alertId);
      if (!alert) continue;
      const d = daysBetween(alert.occurredOn, f.occurredOn);
      days.push(d);
      perTown.set(f.data.town, [...(perTown.get(f.data.town) ?? []), d]);
      events.push(alert, f);
    }
    return {
      value: median(days),
      towns: [...perTown.keys()].sort().map((town) => ({ town, value: median(perTown.get(town)!) })),
      events,
    };
  },
};
