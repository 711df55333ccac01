import { addDays } from '@civic/calendar';
import { IndicatorFact } from './indicator-fact';
import { IndicatorDefinition } from './indicator';
import { bump, shareOf, townShares } from './tally';

// Monthly visits to special-hardship elders (docs/domain.md §2 "Visits"): visit rate 100% by 2025.

export const elderVisitRate: IndicatorDefinition = {
  id: 'elder-monthly-visit-rate',
  plan: '三（二）2, 专栏2',
  titleZh: '特殊困难老年人月探访率',
  titleEn: 'Monthly visit rate, special-hardship elders',
  display: 'percent',
  targetKey: 'indicators.elder_visit_rate.target',
  townsJudged: true,
  basis:
    'Elders who must be visited monthly (eldercare.elder.registered / situation-changed) with a recorded visit within the visit interval (elder.visit.interval_days) before the date ÷ all such elders, by their town.',
  compute(ctx) {
    const elders = new Map<string, { town: string; required: boolean; events: IndicatorFact[] }>();
    const situations = [
      ...ctx.ofType('eldercare.elder.registered'),
      ...ctx.ofType('eldercare.elder.situation-changed'),
    ];
    situations.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0));
    for (const f of situations) {
      const e = elders.get(f.data.elderId) ?? { town: f.data.town, required: false, events: [] as IndicatorFact[] };
      e.town = f.data.town;
      e.required = f.data.monthlyVisitRequired === true;
      e.events.push(f);
      elders.set(f.data.elderId, e);
    }
    const interval = ctx.params.valueAt('elder.visit.interval_days', ctx.date);
    const since = addDays(ctx.date, -(interval.value as number));
    const visited = new Map<string, IndicatorFact>();
    for (const f of ctx.ofType('eldercare.visit.recorded')) if (f.occurredOn > since) visited.set(f.data.elderId, f);

    const all = new Map<string, number>();
    const part = new Map<string, number>();
    const events: IndicatorFact[] = [];
    let required = 0;
    let seen = 0;
    for (const [elderId, e] of elders) {
      if (!e.required) continue;
      required++;
      bump(all, e.town);
      events.push(...e.events);
      const visit = visited.get(elderId);
      if (visit) {
        seen++;
        bump(part, e.town);
        events.push(visit);
      }
    }
    return { value: shareOf(seen, required), towns: townShares(part, all), events, parameters: [interval] };
  },
};
