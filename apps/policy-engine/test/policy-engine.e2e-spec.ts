import {
  CaseApprovedV1,
  ChildRegisteredV1,
  DeathRecordedV1,
  EventEnvelope,
  HouseholdIncomeChangedV1,
  HouseholdRegisteredV1,
  HouseholdRegisteredV1Payload,
  ParameterValueScheduledV1,
  PaymentIssuedV1,
} from '@civic/contracts';
import { todayInShanghai } from '@civic/calendar';
import { awaitEvent, readDeadLetter, producePoison, waitFor, withClient } from '@civic/testing';
import { randomUUID } from 'node:crypto';
import { consumedTopics } from '../src/consumer/policy-events.transport';
import { replayView } from '../src/replay/replay-view';
import { viewDigest } from '../src/person-view/view-digest';
import { EngineFixture, householdOfTwo, ref, startEngine } from './policy-engine.fixture';

jest.setTimeout(240_000);

const TOWN = '442000100';
const OTHER_TOWN = '442000103';
const today = todayInShanghai();

describe('policy engine: person view, rules, alerts, findings, replay (real PostgreSQL and Kafka)', () => {
  let e: EngineFixture;
  const published: EventEnvelope[] = [];
  const api = async (method: 'GET' | 'POST', url: string, token: string, body?: unknown) => {
    const res = await e.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}` },
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : undefined };
  };
  const alertsOf = async (personRef: string, ruleId: string) =>
    withClient(
      e.schema.url,
      async (c) =>
        (
          await c.query(
            `SELECT id, status, outcome, case_id, rule_version FROM pe_alert WHERE person_ref = $1 AND rule_id = $2 ORDER BY raised_at`,
            [personRef, ruleId],
          )
        ).rows,
    );
  const waitAlert = (personRef: string, ruleId: string, status?: string) =>
    waitFor(
      `${ruleId} alert for ${personRef}${status ? ` in ${status}` : ''}`,
      async () => {
        const rows = await alertsOf(personRef, ruleId);
        const hit = rows.find((r) => !status || r.status === status);
        return hit;
      },
      90_000,
      200,
    );

  let admin: string;
  let assistanceClerk: string;

  beforeAll(async () => {
    e = await startEngine('pe_e2e');
    admin = await e.token(['policy:admin', 'policy:supervisor']);
    assistanceClerk = await e.token(['assistance:clerk'], [TOWN]);
  });
  afterAll(async () => {
    await e?.close();
  });

  const head = ref();
  const hhId = `hh-${randomUUID().slice(0, 8)}`;

  it('raises a dibao alert when a household registers with per-capita income under the standard, with the facts and parameters', async () => {
    published.push(...(await e.publish(HouseholdRegisteredV1, householdOfTwo(hhId, 50000, head))));
    const alert = await waitAlert(head, 'dibao-income-below-standard');
    const detail = await api('GET', `/api/v1/alerts/${alert.id}`, assistanceClerk);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      department: 'assistance',
      town: TOWN,
      status: 'open',
      ruleVersion: 1,
      priority: 'high',
      householdId: hhId,
    });
    expect(detail.body.explanation.date).toBe(today);
    expect(detail.body.explanation.facts).toEqual(
      expect.arrayContaining([
        { name: 'household.perCapitaMonthlyIncomeFen', value: 50000, sourceEventId: published[0].id },
      ]),
    );
    expect(detail.body.explanation.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'assistance.dibao.standard.urban', value: 125000 })]),
    );
    const raised = await awaitEvent(
      e.topics.topic('policy.alert'),
      (r) => (r.json as EventEnvelope<{ alertId: string }>)?.data?.alertId === alert.id,
      60_000,
    );
    expect(raised.json).toMatchObject({
      type: 'policy.alert.raised',
      causationid: published[0].id,
      data: { ruleId: 'dibao-income-below-standard', personRef: head },
    });
  });

  it('closes the alert as enrolled when the department approves the case', async () => {
    published.push(
      ...(await e.publish(CaseApprovedV1, {
        caseId: 'case-e2e-1',
        householdId: hhId,
        personRef: head,
        programme: 'dibao',
        town: TOWN,
        approvedOn: today,
        actor: { userId: 'u-city-1', duty: 'approver' },
        monthlyAmountFen: 150000,
        effectiveFrom: today,
      })),
    );
    const closed = await waitAlert(head, 'dibao-income-below-standard', 'enrolled');
    expect(closed).toMatchObject({ outcome: 'enrolled', case_id: 'case-e2e-1' });
    const resolved = await awaitEvent(
      e.topics.topic('policy.alert'),
      (r) =>
        (r.json as EventEnvelope)?.type === 'policy.alert.resolved' &&
        (r.json as EventEnvelope<{ alertId: string }>).data.alertId === closed.id,
      60_000,
    );
    expect(resolved.json).toMatchObject({ data: { outcome: 'enrolled', caseId: 'case-e2e-1' } });
  });

  const child = ref();
  const mother = ref();
  const father = ref();

  it("raises a child-welfare alert for the child when the hub records the remaining parent's death", async () => {
    published.push(
      ...(await e.publish(ChildRegisteredV1, {
        childId: 'child-e2e-1',
        personRef: child,
        maskedId: '442000********0048',
        birthDate: '2014-03-18',
        sex: 'female',
        town: TOWN,
        village: '442000100001',
        motherPersonRef: mother,
        fatherPersonRef: father,
      })),
    );
    published.push(
      ...(await e.publish(DeathRecordedV1, {
        recordId: 'hub-death-f',
        personRef: father,
        maskedId: '442000********0011',
        deathDate: '2020-02-02',
        status: 'formal',
      })),
    );
    await e.consumedAll();
    expect(await alertsOf(child, 'orphan-child')).toEqual([]);
    published.push(
      ...(await e.publish(DeathRecordedV1, {
        recordId: 'hub-death-m',
        personRef: mother,
        maskedId: '442000********0027',
        deathDate: today,
        status: 'formal',
      })),
    );
    const alert = await waitAlert(child, 'orphan-child');
    const detail = await api('GET', `/api/v1/alerts/${alert.id}`, admin);
    expect(detail.body).toMatchObject({ department: 'child-welfare', town: TOWN, priority: 'high' });
    expect(detail.body.explanation.facts).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'mother.deathDate', value: today })]),
    );
  });

  it('records an audit finding for a payment dated after a recorded death', async () => {
    published.push(
      ...(await e.publish(PaymentIssuedV1, {
        paymentId: 'pay-e2e-after-death',
        runMonth: today.slice(0, 7),
        caseId: 'case-e2e-m',
        personRef: mother,
        programme: 'dibao',
        amountFen: 125000,
        town: TOWN,
        issuedOn: '2099-01-05',
        actor: { userId: 'u-city-2', duty: 'disburser' },
      })),
    );
    const findings = await waitFor(
      'a payment-after-death finding',
      async () => {
        const r = await api(
          'GET',
          `/api/v1/findings?kind=payment-after-death&personRef=${encodeURIComponent(mother)}`,
          admin,
        );
        return r.body.total === 1 ? r.body : undefined;
      },
      60_000,
      200,
    );
    expect(findings.items[0].detail).toMatchObject({
      paymentId: 'pay-e2e-after-death',
      deathDate: today,
      paymentDate: '2099-01-05',
    });
  });

  it('creates no second alert, finding or effect when every event is delivered again', async () => {
    await e.consumedAll();
    const count = () =>
      withClient(
        e.schema.url,
        async (c) =>
          (
            await c.query(
              `SELECT (SELECT count(*)::int FROM pe_alert) AS alerts, (SELECT count(*)::int FROM pe_finding) AS findings, (SELECT count(*)::int FROM inbox_message) AS inbox`,
            )
          ).rows[0],
      );
    const before = await count();
    const digestBefore = await withClient(e.schema.url, (c) =>
      viewDigest({ query: (sql: string) => c.query(sql).then((r) => r.rows) }),
    );
    await e.resend(published);
    await e.consumedAll();
    expect(await count()).toEqual(before);
    expect(
      (await withClient(e.schema.url, (c) => viewDigest({ query: (sql: string) => c.query(sql).then((r) => r.rows) })))
        .digest,
    ).toBe(digestBefore.digest);
  });

  it('dead-letters an event that fails its contract, naming the field', async () => {
    const bad = {
      ...(published[0] as EventEnvelope<HouseholdRegisteredV1Payload>),
      id: randomUUID(),
      subject: 'hh-bad',
      data: { ...householdOfTwo('hh-bad', 1000), town: 'nowhere' },
    };
    await producePoison(e.topics.topic('assistance.household'), [{ key: 'hh-bad', value: JSON.stringify(bad) }]);
    const dl = await readDeadLetter(e.topics.dlq('assistance.household'), (r) => r.key === 'hh-bad', 60_000);
    expect(dl).toMatchObject({ reason: 'invalid-payload', field: 'data.town' });
  });

  it("lists alerts with filters and pagination, scoped to the caller's departments and towns", async () => {
    const list = await api('GET', `/api/v1/alerts?department=child-welfare&town=${TOWN}&limit=1&offset=0`, admin);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ total: 1, limit: 1, offset: 0 });
    expect(list.body.items[0]).toMatchObject({ personRef: child, ruleId: 'orphan-child' });
    const mine = await api('GET', `/api/v1/alerts?ruleId=orphan-child`, assistanceClerk);
    expect(mine.body.total).toBe(0);
    const otherTown = await api(
      'GET',
      `/api/v1/alerts?status=enrolled`,
      await e.token(['assistance:viewer'], [OTHER_TOWN]),
    );
    expect(otherTown.body.total).toBe(0);
    const overdue = await api('GET', `/api/v1/alerts?overdue=true`, admin);
    expect(overdue.body.total).toBe(0);
  });

  it('answers 400 naming the field for bad filters and bodies, 404 for a missing alert, 403 for another department', async () => {
    for (const [url, field] of [
      ['/api/v1/alerts?limit=0', 'limit'],
      ['/api/v1/alerts?town=abc', 'town'],
      ['/api/v1/alerts?ruleId=no-such-rule', 'ruleId'],
      ['/api/v1/alerts?overdue=maybe', 'overdue'],
      ['/api/v1/alerts/not-a-uuid', 'id'],
    ]) {
      const r = await api('GET', url, admin);
      expect({ url, status: r.status, fields: r.body.errors?.map((x: { field: string }) => x.field) }).toEqual({
        url,
        status: 400,
        fields: [field],
      });
    }
    expect((await api('GET', `/api/v1/alerts/${randomUUID()}`, admin)).status).toBe(404);
    const [orphan] = await alertsOf(child, 'orphan-child');
    const forbidden = await api('POST', `/api/v1/alerts/${orphan.id}/assign`, assistanceClerk, { assignee: 'u-1' });
    expect(forbidden.status).toBe(403);
    const badBody = await api('POST', `/api/v1/alerts/${orphan.id}/resolve`, await e.token(['child-welfare:clerk']), {
      outcome: 'maybe',
    });
    expect(badBody).toMatchObject({ status: 400, body: { errors: [expect.objectContaining({ field: 'outcome' })] } });
  });

  it('works an alert open → assigned → contacted → declined, refusing skipped steps with 409 and the current state', async () => {
    const clerk = await e.token(['child-welfare:clerk'], [TOWN]);
    const [orphan] = await alertsOf(child, 'orphan-child');
    const early = await api('POST', `/api/v1/alerts/${orphan.id}/resolve`, clerk, { outcome: 'declined' });
    expect(early).toMatchObject({ status: 409, body: { currentState: 'open' } });
    expect((await api('POST', `/api/v1/alerts/${orphan.id}/assign`, clerk, { assignee: 'u-cw-7' })).body).toMatchObject(
      { status: 'assigned', assignedTo: 'u-cw-7' },
    );
    expect(
      (await api('POST', `/api/v1/alerts/${orphan.id}/contact`, clerk, { note: 'Met the grandmother.' })).body,
    ).toMatchObject({ status: 'contacted' });
    expect(
      (
        await api('POST', `/api/v1/alerts/${orphan.id}/resolve`, clerk, {
          outcome: 'declined',
          note: 'Family declined.',
        })
      ).body,
    ).toMatchObject({ status: 'declined', outcome: 'declined' });
    const detail = await api('GET', `/api/v1/alerts/${orphan.id}`, admin);
    expect(detail.body.history.map((h: { to_status: string }) => h.to_status)).toEqual([
      'open',
      'assigned',
      'contacted',
      'declined',
    ]);
    const metrics = await api('GET', '/api/v1/alerts/metrics', admin);
    expect(metrics.body).toMatchObject({ resolved: 2, enrolled: 1, conversionRate: 0.5 });
    expect(metrics.body.medianHoursToContact).not.toBeNull();
  });

  it('runs the daily evaluation once per day and raises no duplicate alert on re-evaluation', async () => {
    const first = await api('POST', '/api/v1/evaluations/daily', admin, { date: today });
    expect(first.status).toBe(202);
    const again = await api('POST', '/api/v1/evaluations/daily', admin, { date: today });
    expect(again).toMatchObject({ status: 200, body: { id: first.body.id } });
    const done = await waitFor(
      'the daily run to finish',
      async () => {
        const r = await api('GET', `/api/v1/evaluations/${first.body.id}`, admin);
        return r.body.status === 'done' ? r.body : undefined;
      },
      90_000,
      200,
    );
    expect(done.progress.done).toBe(done.progress.total);
    expect(done.alertsRaised).toBe(0);
    expect(await alertsOf(head, 'dibao-income-below-standard')).toHaveLength(1);
    expect((await api('POST', '/api/v1/evaluations/daily', admin, { date: '2025-02-30' })).body.errors[0].field).toBe(
      'date',
    );
  });

  it('re-evaluates everyone when the dibao standard rises and alerts the newly eligible, reporting progress', async () => {
    const richer = ref();
    const hh2 = `hh-${randomUUID().slice(0, 8)}`;
    published.push(...(await e.publish(HouseholdRegisteredV1, householdOfTwo(hh2, 130000, richer))));
    await e.consumedAll();
    expect(await alertsOf(richer, 'dibao-income-below-standard')).toEqual([]);
    const [scheduled] = await e.publish(ParameterValueScheduledV1, {
      key: 'assistance.dibao.standard.urban',
      value: 140000,
      effectiveFrom: today,
      source: 'e2e notice',
      scheduledBy: 'u-city-1',
    });
    published.push(scheduled);
    const alert = await waitAlert(richer, 'dibao-income-below-standard');
    const run = await waitFor(
      'the parameter run to finish',
      async () => {
        const r = await api('GET', '/api/v1/evaluations', admin);
        const found = r.body.items.find(
          (x: { kind: string; status: string }) => x.kind === 'parameter-change' && x.status === 'done',
        );
        return found;
      },
      90_000,
      200,
    );
    expect(run).toMatchObject({ date: today, progress: { done: run.progress.total }, alertsRaised: 1 });
    expect(run.progress.total).toBeGreaterThanOrEqual(6);
    const detail = await api('GET', `/api/v1/alerts/${alert.id}`, admin);
    expect(detail.body.explanation.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'assistance.dibao.standard.urban', value: 140000, effectiveFrom: today }),
      ]),
    );
  });

  it('rebuilds the same view from offset 0: two replays and the live view share one digest', async () => {
    await e.consumedAll();
    const live = await withClient(e.schema.url, (c) =>
      viewDigest({ query: (sql: string) => c.query(sql).then((r) => r.rows) }),
    );
    const schemas = [`${e.schema.schema}_r1`, `${e.schema.schema}_r2`];
    try {
      const kafka = { ...e.topics.connection, clientId: 'replay-test' };
      const r1 = await replayView({ databaseUrl: process.env.DATABASE_URL as string, schema: schemas[0], kafka });
      const r2 = await replayView({ databaseUrl: process.env.DATABASE_URL as string, schema: schemas[1], kafka });
      expect(r1.rows.pe_person).toBeGreaterThanOrEqual(7);
      expect(r1.tables).toEqual(r2.tables);
      expect(r1.tables).toEqual(live.tables);
      expect(r1.rows).toEqual(live.rows);
      expect(r1.digest).toBe(r2.digest);
      expect(r1.digest).toBe(live.digest);
      // a rebuild emits nothing: it has no outbox rows
      const outbox = await withClient(process.env.DATABASE_URL as string, (c) =>
        c.query(`SELECT count(*)::int AS n FROM "${schemas[0]}".outbox_message`),
      );
      expect(outbox.rows[0].n).toBe(0);
      // the rebuilt view has planner statistics (replay-view.ts analyses it), so an engine switched onto it plans its look-ups by reference with them
      const analysed = await withClient(process.env.DATABASE_URL as string, (c) =>
        c.query(
          `SELECT relname FROM pg_stat_user_tables WHERE schemaname = $1 AND last_analyze IS NOT NULL AND relname IN ('pe_person', 'pe_household_member')`,
          [schemas[0]],
        ),
      );
      expect(analysed.rows.map((r) => r.relname).sort()).toEqual(['pe_household_member', 'pe_person']);
    } finally {
      await withClient(process.env.DATABASE_URL as string, async (c) => {
        for (const s of schemas) await c.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`);
      });
    }
  });

  it('expires the open alert and clears the rule state when the household income rises above the standard', async () => {
    const risingHead = ref();
    const risingChild = ref();
    const risingId = `hh-${randomUUID().slice(0, 8)}`;
    published.push(
      ...(await e.publish(HouseholdRegisteredV1, householdOfTwo(risingId, 50000, risingHead, risingChild))),
    );
    const open = await waitAlert(risingHead, 'dibao-income-below-standard', 'open');
    published.push(
      ...(await e.publish(HouseholdIncomeChangedV1, {
        householdId: risingId,
        town: TOWN,
        effectiveDate: today,
        incomes: [{ personRef: risingHead, source: 'wages', monthlyIncomeFen: 600000 }],
        memberCount: 2,
        totalMonthlyIncomeFen: 600000,
        perCapitaMonthlyIncomeFen: 300000,
        previousPerCapitaMonthlyIncomeFen: 50000,
      })),
    );
    const expired = await waitAlert(risingHead, 'dibao-income-below-standard', 'expired');
    expect(expired).toMatchObject({ id: open.id, outcome: 'expired' });
    const resolved = await awaitEvent(
      e.topics.topic('policy.alert'),
      (r) =>
        (r.json as EventEnvelope)?.type === 'policy.alert.resolved' &&
        (r.json as EventEnvelope<{ alertId: string }>).data.alertId === open.id,
      60_000,
    );
    expect(resolved.json).toMatchObject({
      causationid: published[published.length - 1].id,
      data: { outcome: 'superseded', ruleId: 'dibao-income-below-standard' },
    });
    const view = await withClient(e.schema.url, async (c) => ({
      states: (
        await c.query(
          `SELECT rule_id FROM pe_rule_state WHERE person_ref = $1 AND rule_id = 'dibao-income-below-standard'`,
          [risingHead],
        )
      ).rows,
      history: (
        await c.query(`SELECT from_status, to_status, note FROM pe_alert_history WHERE alert_id = $1 ORDER BY id`, [
          open.id,
        ])
      ).rows,
      incomes: (
        await c.query(
          `SELECT person_ref, (attrs->>'monthlyIncomeFen')::int AS fen FROM pe_person WHERE person_ref = ANY($1::text[]) ORDER BY (attrs->>'monthlyIncomeFen')::int`,
          [[risingHead, risingChild]],
        )
      ).rows,
    }));
    expect(view.states).toEqual([]);
    expect(view.history).toEqual([
      { from_status: null, to_status: 'open', note: 'rule dibao-income-below-standard v1' },
      {
        from_status: 'open',
        to_status: 'expired',
        note: `no longer meets rule dibao-income-below-standard v1 on ${today}`,
      },
    ]);
    // a member without an income line has none after the change
    expect(view.incomes).toEqual([
      { person_ref: risingChild, fen: 0 },
      { person_ref: risingHead, fen: 600000 },
    ]);
  });

  it('is ready only with the broker, the outbox relay and one joined consumer per consumed topic', async () => {
    const res = await e.app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    const messaging = JSON.parse(res.body).checks.messaging;
    expect(messaging.ok).toBe(true);
    expect(messaging.degraded).toBeUndefined();
    const names: string[] = messaging.detail.split(', ');
    expect(names).toEqual(expect.arrayContaining(['broker', 'relay']));
    expect(names.filter((n) => n.startsWith('consumer:'))).toHaveLength(consumedTopics().length);
  });
});
