import { addDays } from '@civic/calendar';
import { allTopics } from '@civic/contracts';
import { ServiceProcess, startServiceProcess } from '@civic/testing';
import { boardWhen, indicator, IndicatorsApp, personRef, startIndicatorsApp } from './indicators-app.fixture';

jest.setTimeout(300_000);

const TOWN = '442000100';

// Grassroots governance and social assistance run as their own processes (started the way
// scripts/start.sh starts them) on their own schemas, sharing the topic prefix with this
// indicators instance: what they decide over their REST APIs reaches the figures only through their
// outboxes, relays and the real broker.
describe('indicators with governance and social assistance as separate processes', () => {
  let app: IndicatorsApp;
  let governance: ServiceProcess | undefined;
  let assistance: ServiceProcess | undefined;

  const call = async (service: ServiceProcess, path: string, token: string, body: unknown) => {
    const res = await fetch(`${service.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`POST ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text);
  };

  beforeAll(async () => {
    app = await startIndicatorsApp('ind_dept', allTopics());
    [governance, assistance] = await Promise.all([
      startServiceProcess({
        app: 'governance',
        schemaPrefix: 'ind_dept_gov',
        topicPrefix: app.topics.prefix,
        jwtSecret: app.env.JWT_SECRET,
        env: { OVERDUE_SCAN_INTERVAL_MS: '0' },
      }),
      startServiceProcess({
        app: 'social-assistance',
        schemaPrefix: 'ind_dept_sa',
        topicPrefix: app.topics.prefix,
        jwtSecret: app.env.JWT_SECRET,
        env: { OVERDUE_SCAN_INTERVAL_MS: '0' },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([governance?.stop(), assistance?.stop()]);
    await app?.close();
  });

  it("moves the social-work figures with governance's decisions", async () => {
    const today = await app.today();
    // governance publishes its seeded towns at start-up: every station-town share starts at 0
    const before = await boardWhen(
      app,
      today,
      (b) => indicator(b, 'social-work-station-towns').towns.length > 1,
      "governance's towns",
    );
    const towns = indicator(before, 'social-work-station-towns').towns.length;
    expect(indicator(before, 'social-work-station-towns').value).toBe('0.0000');
    expect(indicator(before, 'social-workers').value).toBe('0');

    const [supervisor, clerk] = await Promise.all([
      app.token('gov-sup', ['governance:supervisor']),
      app.token('gov-clerk', ['governance:clerk']),
    ]);
    await call(governance!, '/api/v1/organisations', clerk, {
      registrationNumber: `ind-e2e-${Date.now()}`,
      name: 'Shiqi Community Hub',
      kind: 'community',
      town: TOWN,
      hub: true,
    });
    const station = await call(governance!, '/api/v1/stations', supervisor, {
      kind: 'station',
      town: TOWN,
      name: 'Shiqi 双百 station',
    });
    const worker = await call(governance!, '/api/v1/social-workers', clerk, {
      name: 'Worker One',
      certificateNumber: `SW-${Date.now()}`,
      certificateLevel: 'intermediate',
      stationId: station.stationId,
    });
    await call(governance!, '/api/v1/assignments', clerk, {
      socialWorkerId: worker.socialWorkerId,
      personRef: personRef('elder-dept-1'),
      town: TOWN,
      department: 'eldercare',
      reason: 'Monthly visits for an elder living alone.',
    });

    const after = await boardWhen(
      app,
      today,
      (b) => indicator(b, 'social-workers').value === '1' && indicator(b, 'hub-community-organisations').value === '1',
      "governance's organisation and assignment",
    );
    const share = indicator(after, 'social-work-station-towns');
    expect(share.towns.find((t) => t.town === TOWN)).toMatchObject({ value: '1.0000', status: 'met' });
    expect(Number(share.value)).toBeCloseTo(1 / towns, 4);
    expect(indicator(after, 'hub-community-organisations').towns).toEqual([
      expect.objectContaining({ town: TOWN, value: '1' }),
    ]);
  });

  it('moves the dibao standard with a value social assistance schedules, from its date', async () => {
    const today = await app.today();
    const from = addDays(today, 1);
    const admin = await app.token('sa-admin', ['assistance:admin']);
    for (const key of ['assistance.dibao.standard.urban', 'assistance.dibao.standard.rural'])
      await call(assistance!, '/api/v1/parameters/scheduled', admin, {
        key,
        value: 140000,
        effectiveFrom: from,
        source: 'Zhongshan civil affairs notice (e2e)',
      });
    const board = await boardWhen(
      app,
      from,
      (b) => indicator(b, 'dibao-standard').value === '140000',
      'the scheduled standard',
    );
    expect(indicator(board, 'dibao-standard')).toMatchObject({ status: 'met' });
    const drill = await app.call('GET', `/api/v1/indicators/dibao-standard?date=${from}`, null);
    expect(drill.body.events.map((e: { type: string }) => e.type)).toEqual([
      'policy.parameter.value-scheduled',
      'policy.parameter.value-scheduled',
    ]);
    const dayBefore = await app.call('GET', `/api/v1/indicators/dibao-standard?date=${today}`, null);
    expect(dayBefore.body.value).not.toBe('140000');
  });
});
