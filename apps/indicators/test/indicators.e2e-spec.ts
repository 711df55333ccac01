import {
  DivisionRegisteredV1,
  ParameterValueScheduledV1,
  SocialOrganisationRegisteredV1,
  SocialWorkerAssignedV1,
  toKafkaRecord,
} from '@civic/contracts';
import { produceRaw, readDeadLetter } from '@civic/testing';
import { IndicatorBoard } from '../src/indicators/indicators.service';
import { boardWhen, indicator, IndicatorsApp, personRef, startIndicatorsApp } from './indicators-app.fixture';

jest.setTimeout(180_000);

const TOWN_A = '442000100';
const TOWN_B = '442000101';

// Events in through the broker and the inbox, figures out over REST: the read model's own tier.
// Departments' events are produced on the suite's topics as their services would publish them.
describe('indicators read model over HTTP with real Kafka and PostgreSQL', () => {
  let app: IndicatorsApp;

  beforeAll(async () => {
    app = await startIndicatorsApp('ind_e2e');
  });
  afterAll(async () => {
    await app?.close();
  });

  it('moves hub organisations, station towns and social workers with governance events, per town and per date', async () => {
    await app.publish(
      DivisionRegisteredV1,
      { code: TOWN_A, level: 'town', name: '石岐街道', effectiveFrom: '2021-01-01' },
      { code: TOWN_B, level: 'town', name: '东区街道', effectiveFrom: '2021-01-01' },
    );
    const [hub] = await app.publish(SocialOrganisationRegisteredV1, {
      organisationId: 'sorg-e2e-1',
      name: 'Shiqi Hub Association',
      kind: 'community',
      town: TOWN_A,
      registeredOn: '2024-03-10',
      hub: true,
    });
    const [assignment] = await app.publish(SocialWorkerAssignedV1, {
      socialWorkerId: 'sw-e2e-1',
      assignmentId: 'asg-e2e-1',
      stationId: 'station-e2e-a',
      personRef: personRef('elder-1'),
      town: TOWN_A,
      department: 'eldercare',
      assignedOn: '2024-04-02',
      reason: 'Monthly visits for an elder living alone.',
    });

    const board = await boardWhen(
      app,
      '2024-04-30',
      (b) => indicator(b, 'social-workers').value === '1' && indicator(b, 'hub-community-organisations').value === '1',
      'governance events to reach the board',
    );
    expect(indicator(board, 'hub-community-organisations')).toMatchObject({
      value: '1',
      status: 'behind',
      towns: [{ town: TOWN_A, name: '石岐街道', value: '1' }],
      target: { value: '23', key: 'indicators.hub_organisations.target' },
    });
    const stations = indicator(board, 'social-work-station-towns');
    expect(stations).toMatchObject({ value: '0.5000', status: 'behind' });
    expect(stations.towns.map((t) => [t.name, t.value, t.status])).toEqual([
      ['石岐街道', '1.0000', 'met'],
      ['东区街道', '0.0000', 'behind'],
    ]);
    // the monthly trend: nothing in February, the organisation from March, the worker from April
    expect(indicator(board, 'hub-community-organisations').trend!.map((t) => [t.month, t.value])).toEqual([
      ['2024-02', '0'],
      ['2024-03', '1'],
      ['2024-04', '1'],
    ]);
    expect(indicator(board, 'social-workers').trend!.map((t) => t.value)).toEqual(['0', '0', '1']);

    // a date before the facts gives the figures of that date
    const earlier = await app.call('GET', '/api/v1/indicators?date=2024-03-09&months=1', null);
    expect(indicator(earlier.body as IndicatorBoard, 'hub-community-organisations').value).toBe('0');

    // the drill-down names the events each figure came from, never their payloads
    const drill = await app.call('GET', '/api/v1/indicators/social-workers?date=2024-04-30', null);
    expect(drill.status).toBe(200);
    expect(drill.body.events).toEqual([
      {
        eventId: assignment.id,
        type: 'governance.social-worker.assigned',
        occurredOn: '2024-04-02',
        subject: 'sw-e2e-1',
        town: TOWN_A,
      },
    ]);
    expect(drill.raw).not.toContain(personRef('elder-1'));
    const hubDrill = await app.call('GET', '/api/v1/indicators/hub-community-organisations?date=2024-04-30', null);
    expect(hubDrill.body.events.map((e: { eventId: string }) => e.eventId)).toEqual([hub.id]);
  });

  it('counts a redelivered event once', async () => {
    const [first] = await app.publish(SocialOrganisationRegisteredV1, {
      organisationId: 'sorg-e2e-2',
      name: 'Eastern Hub Association',
      kind: 'community',
      town: TOWN_B,
      registeredOn: '2024-05-02',
      hub: true,
    });
    const again = toKafkaRecord(first, app.topics.topic('governance.social-organisation'));
    await produceRaw(again.topic, [{ key: again.key, value: again.value, headers: again.headers }]);
    // a third, later organisation marks the point by which the redelivery has been consumed
    await app.publish(SocialOrganisationRegisteredV1, {
      organisationId: 'sorg-e2e-3',
      name: 'Eastern Second Hub',
      kind: 'community',
      town: TOWN_B,
      registeredOn: '2024-05-03',
      hub: true,
    });
    const b = await boardWhen(
      app,
      '2024-05-31',
      (x) => indicator(x, 'hub-community-organisations').towns.find((t) => t.town === TOWN_B)?.value === '2',
      'both eastern organisations',
    );
    expect(indicator(b, 'hub-community-organisations').value).toBe('3');
    const drill = await app.call('GET', '/api/v1/indicators/hub-community-organisations?date=2024-05-31', null);
    expect(drill.body.eventCount).toBe(3);
  });

  it('applies a dibao standard social assistance schedules, from its date, with the event as evidence', async () => {
    const scheduled = await app.publish(
      ParameterValueScheduledV1,
      {
        key: 'assistance.dibao.standard.urban',
        value: 125000,
        effectiveFrom: '2024-07-01',
        source: 'Zhongshan civil affairs notice 2024-06',
        scheduledBy: 'u-city-0001',
      },
      {
        key: 'assistance.dibao.standard.rural',
        value: 125000,
        effectiveFrom: '2024-07-01',
        source: 'Zhongshan civil affairs notice 2024-06',
        scheduledBy: 'u-city-0001',
      },
    );
    const board = await boardWhen(
      app,
      '2024-07-01',
      (b) => indicator(b, 'dibao-standard').value === '125000',
      'the scheduled standard',
    );
    expect(indicator(board, 'dibao-standard')).toMatchObject({ status: 'met', target: { value: '125000' } });
    const june = await app.call('GET', '/api/v1/indicators/dibao-standard?date=2024-06-30', null);
    expect(june.body.status).not.toBe('met');
    const july = await app.call('GET', '/api/v1/indicators/dibao-standard?date=2024-07-01', null);
    expect(july.body.events.map((e: { eventId: string }) => e.eventId).sort()).toEqual(
      scheduled.map((e) => e.id).sort(),
    );
  });

  it('dead-letters a scheduled value its parameters refuse, and keeps computing', async () => {
    const [refused] = await app.publish(ParameterValueScheduledV1, {
      key: 'assistance.dibao.standard.urban',
      value: '1.5',
      effectiveFrom: '2024-08-01',
      source: 'A ratio typed into a money parameter',
      scheduledBy: 'u-city-0001',
    });
    const dead = await readDeadLetter(app.topics.dlq('policy.parameter'), (r) => r.key === refused.subject);
    expect(dead.reason).toBe('rejected');
    expect(dead.message).toContain('assistance.dibao.standard.urban');
    const board = await app.call('GET', '/api/v1/indicators/dibao-standard?date=2024-08-01', null);
    expect(board.status).toBe(200);
    // the standard scheduled from 2024-07-01 in the test above still holds
    expect(board.body.value).toBe('125000');
  });

  it('lists every indicator it cannot compute with what would be needed', async () => {
    const res = await app.call('GET', '/api/v1/indicators/not-computable', null);
    expect(res.status).toBe(200);
    expect(res.body.map((m: { plan: string }) => m.plan)).toEqual(
      expect.arrayContaining(['专栏1 indicator 6', '专栏1 indicator 12', '专栏1 indicator 22']),
    );
    for (const m of res.body as { needs: string }[]) expect(m.needs.length).toBeGreaterThan(20);
  });

  it('refuses malformed queries with problem details naming the field, and unknown indicators with 404', async () => {
    const bad = await app.call('GET', '/api/v1/indicators?date=2024-13-01', null);
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect(JSON.stringify(bad.body)).toContain('date');
    const months = await app.call('GET', '/api/v1/indicators?months=99', null);
    expect(months.status).toBe(400);
    expect(JSON.stringify(months.body)).toContain('months');
    const limit = await app.call('GET', '/api/v1/indicators/social-workers?limit=0', null);
    expect(limit.status).toBe(400);
    expect(JSON.stringify(limit.body)).toContain('limit');
    const unknown = await app.call('GET', '/api/v1/indicators/no-such-indicator', null);
    expect(unknown.status).toBe(404);
  });

  it('serves the page and its chart library from the service itself', async () => {
    const page = await app.call('GET', '/api/v1/dashboard', null);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.raw).toContain('/api/v1/dashboard/assets/uPlot.iife.min.js');
    const lib = await app.call('GET', '/api/v1/dashboard/assets/uPlot.iife.min.js', null);
    expect(lib.status).toBe(200);
    expect(lib.headers['content-type']).toContain('javascript');
    expect(lib.raw).toContain('uPlot');
    expect((await app.call('GET', '/api/v1/dashboard/assets/..%2Fpackage.json', null)).status).toBe(404);
  });
});
