import {
  DeathRecordedV1,
  HouseholdRegisteredV1,
  HouseholdRegisteredV1Payload,
  ParameterValueScheduledV1,
} from '@civic/contracts';
import { loadParameters } from '@civic/policy-params';
import { moveClocks, waitFor, withClient } from '@civic/testing';
import { randomUUID } from 'node:crypto';
import { EngineFixture, ref, startEngine } from './policy-engine.fixture';

jest.setTimeout(240_000);

// Business time is the engine's clock, frozen here so the story's dates are fixed: an elder turned
// 80 ten days ago (high-age alert valid today) and another died a week ago. An evaluation as of
// 2026-11-20 would expire the first alert and raise one for the dead person.
const NOW = '2026-12-07T09:00:00+08:00';
const TODAY = '2026-12-07';
const PAST = '2026-11-20';
const TOWN = '442000100';

const household = (
  id: string,
  head: string,
  birthDate: string,
  perCapitaFen: number,
): HouseholdRegisteredV1Payload => ({
  householdId: id,
  town: TOWN,
  village: '442000100001',
  hukouType: 'local',
  members: [
    {
      personRef: head,
      maskedId: '442000********1234',
      birthDate,
      sex: 'male',
      relation: 'head',
      labourCapacity: 'none',
      seriousIllness: false,
      monthlyIncomeFen: perCapitaFen,
    },
  ],
  assets: { financialAssetsFen: 100000, vehicleCount: 0, housingUnits: 1 },
  totalMonthlyIncomeFen: perCapitaFen,
  perCapitaMonthlyIncomeFen: perCapitaFen,
});

describe('evaluation dates: alerts are current state (real PostgreSQL and Kafka)', () => {
  let e: EngineFixture;
  let admin: string;
  const api = async (method: 'GET' | 'POST', url: string, token: string, body?: unknown) => {
    const res = await e.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  };
  const rows = (sql: string) => withClient(e.schema.url, async (c) => (await c.query(sql)).rows);
  // every column of every alert, its history and the rule states, as text: "byte for byte"
  const alertState = async () => ({
    alerts: await rows(`SELECT a::text FROM pe_alert a ORDER BY id`),
    history: await rows(`SELECT h::text FROM pe_alert_history h ORDER BY id`),
    ruleStates: await rows(`SELECT s::text FROM pe_rule_state s ORDER BY person_ref, rule_id`),
  });
  const runDone = (id: string) =>
    waitFor(
      `evaluation run ${id} to finish`,
      async () => {
        const r = await api('GET', `/api/v1/evaluations/${id}`, admin);
        return r.body.status === 'done' ? r.body : undefined;
      },
      90_000,
      200,
    );
  const openAlert = (personRef: string, ruleId: string) =>
    waitFor(
      `${ruleId} alert for ${personRef}`,
      async () =>
        (
          await rows(
            `SELECT id FROM pe_alert WHERE person_ref = '${personRef}' AND rule_id = '${ruleId}' AND status = 'open'`,
          )
        )[0],
      90_000,
      200,
    );

  const elder = ref();
  const elderHousehold = `hh-${randomUUID().slice(0, 8)}`;
  const dead = ref();
  const deadHousehold = `hh-${randomUUID().slice(0, 8)}`;

  beforeAll(async () => {
    e = await startEngine('pe_dates');
    admin = await e.token(['policy:admin', 'policy:supervisor']);
    await moveClocks([{ app: e.app, token: admin }], { at: NOW, freeze: true });
    await e.publish(HouseholdRegisteredV1, household(elderHousehold, elder, '1946-11-27', 300000));
    await e.publish(HouseholdRegisteredV1, household(deadHousehold, dead, '1940-03-03', 300000));
    await openAlert(dead, 'high-age-allowance');
    await e.publish(DeathRecordedV1, {
      recordId: 'hub-death-1',
      personRef: dead,
      maskedId: '442000********0011',
      deathDate: '2026-11-30',
      status: 'formal',
    });
    await e.consumedAll();
    await openAlert(elder, 'high-age-allowance');
  });
  afterAll(async () => {
    await e?.close();
  });

  it('a past-date evaluation leaves the alerts valid today byte-for-byte unchanged', async () => {
    const before = await alertState();
    expect(before.alerts.length).toBeGreaterThan(0);

    const refused = await api('POST', '/api/v1/evaluations/daily', admin, { date: PAST });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'date', rule: 'today-only' })]);

    // a parameter value effective in the past schedules a run dated then: it evaluates as of today
    const standard = loadParameters().valueAt('assistance.dibao.standard.urban', TODAY).value;
    await e.publish(ParameterValueScheduledV1, {
      key: 'assistance.dibao.standard.urban',
      value: standard,
      effectiveFrom: PAST,
      source: 'e2e: the same value, re-announced',
      scheduledBy: 'u-city-1',
    });
    await e.consumedAll();
    const parameterRun = await waitFor(
      'the parameter-change run to finish',
      async () =>
        (await api('GET', '/api/v1/evaluations', admin)).body.items.find(
          (r: { kind: string; status: string }) => r.kind === 'parameter-change' && r.status === 'done',
        ),
      90_000,
      200,
    );
    expect(parameterRun).toMatchObject({ date: PAST, alertsRaised: 0 });

    // today's run, twice: one run, nothing raised
    const first = await api('POST', '/api/v1/evaluations/daily', admin, {});
    expect(first).toMatchObject({ status: 202, body: { date: TODAY } });
    expect(await api('POST', '/api/v1/evaluations/daily', admin, { date: TODAY })).toMatchObject({
      status: 200,
      body: { id: first.body.id },
    });
    expect(await runDone(first.body.id)).toMatchObject({ alertsRaised: 0 });

    expect(await alertState()).toEqual(before);
  });

  it("runs only for the clock's today: moved a day on, that day is accepted and the old one refused", async () => {
    await moveClocks([{ app: e.app, token: admin }], { advanceDays: 1 });
    const next = await api('POST', '/api/v1/evaluations/daily', admin, { date: '2026-12-08' });
    expect(next.status).toBe(202);
    await runDone(next.body.id);
    expect((await api('POST', '/api/v1/evaluations/daily', admin, { date: TODAY })).body.errors[0]).toMatchObject({
      field: 'date',
      rule: 'today-only',
    });
    await moveClocks([{ app: e.app, token: admin }], { at: NOW, freeze: true });
  });

  it('evaluates one person for a caseworker: the rules today and their alerts, and again changes nothing', async () => {
    const clerk = await e.token(['eldercare:clerk'], [TOWN]);
    const before = await alertState();
    const first = await api('POST', `/api/v1/persons/${elder}/evaluation`, clerk);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ personRef: elder, date: TODAY, alertsRaised: 0, alertsExpired: 0 });
    expect(first.body.rules).toContainEqual(
      expect.objectContaining({ ruleId: 'high-age-allowance', status: 'alertable' }),
    );
    const again = await api('POST', `/api/v1/persons/${elder}/evaluation`, clerk);
    expect(again.body).toEqual(first.body);
    expect(await alertState()).toEqual(before);

    const deadPerson = await api('POST', `/api/v1/persons/${dead}/evaluation`, clerk);
    expect(deadPerson.body.rules.every((r: { status: string }) => r.status !== 'alertable')).toBe(true);

    expect((await api('POST', `/api/v1/persons/${ref()}/evaluation`, clerk)).status).toBe(404);
    const bad = await api('POST', `/api/v1/persons/not-a-ref/evaluation`, clerk);
    expect(bad).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'personRef' })] } });
    expect((await api('POST', `/api/v1/persons/${elder}/evaluation`, await e.token(['eldercare:viewer']))).status).toBe(
      403,
    );
    const elsewhere = await e.token(['eldercare:clerk'], ['442000103']);
    expect((await api('POST', `/api/v1/persons/${elder}/evaluation`, elsewhere)).status).toBe(403);
  });

  it('filters the alert list by person and by household', async () => {
    const byPerson = await api('GET', `/api/v1/alerts?personRef=${encodeURIComponent(elder)}`, admin);
    expect(byPerson.status).toBe(200);
    expect(byPerson.body.total).toBeGreaterThan(0);
    expect(byPerson.body.items.every((a: { personRef: string }) => a.personRef === elder)).toBe(true);
    const all = await api('GET', `/api/v1/alerts?limit=200`, admin);
    expect(all.body.total).toBeGreaterThan(byPerson.body.total);

    const byHousehold = await api('GET', `/api/v1/alerts?householdId=${deadHousehold}`, admin);
    expect(byHousehold.body.total).toBeGreaterThan(0);
    expect(byHousehold.body.items.every((a: { householdId: string }) => a.householdId === deadHousehold)).toBe(true);

    for (const [query, field] of [
      ['personRef=not-a-ref', 'personRef'],
      ['householdId=a%20b', 'householdId'],
    ]) {
      const r = await api('GET', `/api/v1/alerts?${query}`, admin);
      expect({ status: r.status, fields: r.body.errors?.map((x: { field: string }) => x.field) }).toEqual({
        status: 400,
        fields: [field],
      });
    }
  });
});
