import {
  DivisionRegisteredV1,
  DivisionRetiredV1,
  SocialOrganisationChangedV1,
  SocialOrganisationRegisteredV1,
  SocialWorkerAssignedV1,
} from '@civic/contracts';
import { computeIndicators } from './compute-indicators';
import { factFrom, ref, TOWN_A, TOWN_B } from './fact-builders';
import { hubOrganisations, socialWorkers, socialWorkStationTowns } from './governance.indicators';
import { IndicatorDefinition } from './indicator';
import { indicatorParameters } from './indicator-parameters';
import { IndicatorFact } from './indicator-fact';

const params = indicatorParameters();
const one = (def: IndicatorDefinition, facts: IndicatorFact[], date: string) =>
  computeIndicators([def], facts, params, date, { evidenceLimit: 100 })[0];

const town = (code: string, name: string, effectiveFrom = '2021-01-01') =>
  factFrom(DivisionRegisteredV1, { code, level: 'town', name, effectiveFrom });
const organisation = (id: string, townCode: string, hub: boolean, registeredOn: string) =>
  factFrom(SocialOrganisationRegisteredV1, {
    organisationId: id,
    name: `Organisation ${id}`,
    kind: 'community',
    town: townCode,
    registeredOn,
    hub,
  });
const assigned = (worker: string, townCode: string, assignedOn: string, who = worker) =>
  factFrom(SocialWorkerAssignedV1, {
    socialWorkerId: worker,
    assignmentId: `asg-${worker}-${who}`,
    stationId: `station-${townCode}`,
    personRef: ref(who),
    town: townCode,
    department: 'eldercare',
    assignedOn,
    reason: 'Monthly visits.',
  });

describe('governance indicators (专栏1 indicators 17, 19, 20)', () => {
  it('counts hub organisations by their latest state and town, meeting 23 exactly', () => {
    const facts = Array.from({ length: 23 }, (_, i) =>
      organisation(`sorg-${i}`, i % 2 ? TOWN_A : TOWN_B, true, '2025-03-01'),
    );
    const r = one(hubOrganisations, facts, '2025-03-01');
    expect(r).toMatchObject({ value: '23', status: 'met' });
    expect(r.towns).toEqual([
      { town: TOWN_A, name: TOWN_A, value: '11' },
      { town: TOWN_B, name: TOWN_B, value: '12' },
    ]);
    expect(r.eventCount).toBe(23);
    expect(one(hubOrganisations, facts, '2025-02-28')).toMatchObject({ value: '0', status: 'behind' });
  });

  it('drops an organisation no longer a hub and adds one made a hub later', () => {
    const facts = [
      organisation('sorg-1', TOWN_A, true, '2022-01-01'),
      organisation('sorg-2', TOWN_A, false, '2022-01-01'),
      factFrom(SocialOrganisationChangedV1, {
        organisationId: 'sorg-1',
        town: TOWN_A,
        name: 'Organisation sorg-1',
        hub: false,
        change: 'details',
        changedOn: '2022-05-01',
        reason: 'No longer a hub.',
      }),
      factFrom(SocialOrganisationChangedV1, {
        organisationId: 'sorg-2',
        town: TOWN_B,
        name: 'Organisation sorg-2',
        hub: true,
        change: 'details',
        changedOn: '2022-06-01',
        reason: 'Made the hub of its town.',
      }),
    ];
    expect(one(hubOrganisations, facts, '2022-04-30')).toMatchObject({ value: '1', towns: [{ town: TOWN_A }] });
    expect(one(hubOrganisations, facts, '2022-05-15').value).toBe('0');
    const june = one(hubOrganisations, facts, '2022-06-01');
    expect(june).toMatchObject({ value: '1', towns: [{ town: TOWN_B, value: '1' }] });
    expect(june.events!.map((e) => e.eventId).sort()).toEqual([facts[1].eventId, facts[3].eventId].sort());
  });

  it('covers every registered town exactly when each has a station worker serving someone there', () => {
    const facts = [town(TOWN_A, '石岐街道'), town(TOWN_B, '东区街道'), assigned('sw-1', TOWN_A, '2022-03-01')];
    const half = one(socialWorkStationTowns, facts, '2022-03-01');
    expect(half).toMatchObject({ value: '0.5000', status: 'behind' });
    expect(half.towns).toEqual([
      { town: TOWN_A, name: '石岐街道', value: '1.0000', status: 'met' },
      { town: TOWN_B, name: '东区街道', value: '0.0000', status: 'behind' },
    ]);
    const all = one(socialWorkStationTowns, [...facts, assigned('sw-2', TOWN_B, '2022-04-01')], '2022-04-01');
    expect(all).toMatchObject({ value: '1.0000', status: 'met' });
  });

  it('leaves a retired town out of the share and has no value without towns', () => {
    const facts = [
      town(TOWN_A, '石岐街道'),
      town(TOWN_B, '东区街道'),
      assigned('sw-1', TOWN_A, '2022-03-01'),
      factFrom(DivisionRetiredV1, { code: TOWN_B, level: 'town', retiredOn: '2022-06-01', reason: 'Merged.' }),
    ];
    expect(one(socialWorkStationTowns, facts, '2022-06-01').value).toBe('1.0000');
    expect(one(socialWorkStationTowns, [], '2022-06-01')).toMatchObject({ value: null, status: 'no-data' });
  });

  it('counts each social worker once however many people they serve', () => {
    const facts = [
      assigned('sw-1', TOWN_A, '2023-01-01', 'p1'),
      assigned('sw-1', TOWN_A, '2023-02-01', 'p2'),
      assigned('sw-2', TOWN_B, '2023-02-01', 'p3'),
    ];
    const r = one(socialWorkers, facts, '2023-02-01');
    expect(r).toMatchObject({ value: '2', status: 'behind', eventCount: 2 });
    expect(r.towns.map((t) => [t.town, t.value])).toEqual([
      [TOWN_A, '1'],
      [TOWN_B, '1'],
    ]);
  });
});
