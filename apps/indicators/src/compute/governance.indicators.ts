import { IndicatorFact } from './indicator-fact';
import { IndicatorContext, IndicatorDefinition } from './indicator';
import { whole } from './rational';
import { bump, shareOf, townCounts } from './tally';

// Grassroots governance indicators (专栏1 indicators 17, 19, 20) from governance's events.

/** Towns registered and not retired on the date, with the events that say so. */
export function activeTowns(ctx: IndicatorContext): Map<string, IndicatorFact> {
  const towns = new Map<string, IndicatorFact>();
  for (const f of ctx.ofType('governance.division.registered')) if (f.data.level === 'town') towns.set(f.data.code, f);
  for (const f of ctx.ofType('governance.division.retired')) if (f.data.level === 'town') towns.delete(f.data.code);
  return towns;
}

export const hubOrganisations: IndicatorDefinition = {
  id: 'hub-community-organisations',
  plan: '专栏1 indicator 17',
  titleZh: '枢纽型社区社会组织',
  titleEn: 'Hub community social organisations',
  display: 'count',
  targetKey: 'indicators.hub_organisations.target',
  basis: 'Social organisations whose latest registration or change on the date marks them a hub, by their town.',
  compute(ctx) {
    const latest = new Map<string, IndicatorFact>();
    const history = new Map<string, IndicatorFact[]>();
    const facts = [
      ...ctx.ofType('governance.social-organisation.registered'),
      ...ctx.ofType('governance.social-organisation.changed'),
    ];
    // by business day, then consumption order within a day (ofType keeps that order per type)
    facts.sort((a, b) => (a.occurredOn < b.occurredOn ? -1 : a.occurredOn > b.occurredOn ? 1 : 0));
    for (const f of facts) {
      latest.set(f.data.organisationId, f);
      history.set(f.data.organisationId, [...(history.get(f.data.organisationId) ?? []), f]);
    }
    const perTown = new Map<string, number>();
    const events: IndicatorFact[] = [];
    for (const [id, f] of latest) {
      if (!f.data.hub) continue;
      bump(perTown, f.data.town);
      events.push(...history.get(id)!);
    }
    const total = [...perTown.values()].reduce((a, b) => a + b, 0);
    return { value: whole(total), towns: townCounts(perTown), events };
  },
};

export const socialWorkStationTowns: IndicatorDefinition = {
  id: 'social-work-station-towns',
  plan: '专栏1 indicator 19',
  titleZh: '镇街社工站覆盖率',
  titleEn: 'Towns with a 双百 social-work station',
  display: 'percent',
  targetKey: 'indicators.social_work_station_towns.target',
  townsJudged: true,
  basis:
    'Registered towns where a 双百 station’s social worker serves a person (governance.social-worker.assigned) ÷ registered towns. Governance publishes no event when a station opens, so a station counts from its first assignment.',
  compute(ctx) {
    const towns = activeTowns(ctx);
    const served = new Map<string, IndicatorFact>();
    for (const f of ctx.ofType('governance.social-worker.assigned'))
      if (towns.has(f.data.town) && !served.has(f.data.town)) served.set(f.data.town, f);
    return {
      value: shareOf(served.size, towns.size),
      towns: [...towns.keys()].sort().map((town) => ({ town, value: whole(served.has(town) ? 1 : 0) })),
      events: [...towns.values(), ...served.values()],
    };
  },
};

export const socialWorkers: IndicatorDefinition = {
  id: 'social-workers',
  plan: '专栏1 indicator 20',
  titleZh: '社会工作专业人才',
  titleEn: 'Social-work professionals',
  display: 'count',
  targetKey: 'indicators.social_workers.target',
  basis:
    'Distinct social workers assigned to a person up to the date, by the town they serve. Governance assigns only certified workers but publishes no event for a registration or certificate, so certified workers without an assignment are not counted (a lower bound).',
  compute(ctx) {
    const firstAssignment = new Map<string, IndicatorFact>();
    const perTown = new Map<string, Set<string>>();
    for (const f of ctx.ofType('governance.social-worker.assigned')) {
      if (!firstAssignment.has(f.data.socialWorkerId)) firstAssignment.set(f.data.socialWorkerId, f);
      const set = perTown.get(f.data.town) ?? new Set<string>();
      set.add(f.data.socialWorkerId);
      perTown.set(f.data.town, set);
    }
    const counts = new Map([...perTown].map(([town, set]) => [town, set.size]));
    return { value: whole(firstAssignment.size), towns: townCounts(counts), events: [...firstAssignment.values()] };
  },
};
