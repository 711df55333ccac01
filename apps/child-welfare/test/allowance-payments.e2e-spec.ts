import { addDays, dayBefore, daysBetween, firstOfMonth } from '@civic/calendar';
import {
  createEvent,
  DeathRecordedV1,
  EventEnvelope,
  ParameterValueScheduledV1,
  Sources,
  toKafkaRecord,
} from '@civic/contracts';
import { maskResidentId } from '@civic/identity';
import { awaitEvent, produceRaw, waitFor, withClient } from '@civic/testing';
import { ChildWelfareApp, residentId, startChildWelfareApp, TOWN, VILLAGE } from './child-welfare-app.fixture';

jest.setTimeout(120_000);

const nextMonth = (month: string) => addDays(`${month}-28`, 5).slice(0, 7);

/**
 * The monthly allowance run over HTTP with the real database and broker; time moves with the app's
 * clock (never back-dated inputs): once per child and month, also when run twice at once; a
 * re-classification never pays a month twice; no payment from the 18th-birthday month on; a death stops it.
 */
describe('child-welfare allowance payments', () => {
  let t: ChildWelfareApp;
  let clerk: string;
  let approver: string;
  let approverAsDisburser: string;
  let disburser: string;
  let seq = 500;
  const sql = <R = any>(text: string, params: unknown[] = []) =>
    withClient(t.schema.url, async (c) => (await c.query(text, params)).rows as R[]);
  const nextId = (birthDate: string) => residentId(birthDate, (seq += 1));
  const publish = async (topicName: string, event: EventEnvelope) => {
    const topic = t.topics.topic(topicName);
    const { key, value, headers } = toKafkaRecord(event, topic);
    await produceRaw(topic, [{ key, value, headers }]);
  };
  const consumed = (event: EventEnvelope) =>
    waitFor(`${event.type} consumed`, async () =>
      (await sql(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [event.id])).length ? true : undefined,
    );
  const death = (idNumber: string, personRef: string, deathDate: string, recordId: string) =>
    createEvent(
      DeathRecordedV1,
      { recordId, personRef, maskedId: maskResidentId(idNumber), deathDate, status: 'formal' },
      { source: Sources.hub },
    );
  const run = (month: string, token = disburser) => t.call('POST', '/api/v1/allowance-runs', token, { month });
  const payments = (childId: string, month?: string) =>
    sql(
      `SELECT payment_id, month, amount_fen::int AS amount_fen, status, stop_reason FROM allowance_payment WHERE child_id = $1 AND ($2::text IS NULL OR month = $2) ORDER BY month`,
      [childId, month ?? null],
    );
  const issuedEvents = async (paymentId: string) =>
    (
      await sql(
        `SELECT count(*)::int AS n FROM outbox_message WHERE event_type = 'child-welfare.payment.issued' AND payload::jsonb #>> '{data,paymentId}' = $1`,
        [paymentId],
      )
    )[0].n;
  const moveTo = async (date: string) => {
    await t.moveClock({ advanceDays: daysBetween(await t.today(), date) });
    expect(await t.today()).toBe(date);
  };

  beforeAll(async () => {
    t = await startChildWelfareApp('cw_payments');
    clerk = await t.token('clerk', ['child-welfare:clerk']);
    approver = await t.token('approver', ['child-welfare:approver']);
    approverAsDisburser = await t.token('approver', ['child-welfare:disburser']);
    disburser = await t.token('disburser', ['child-welfare:disburser']);
  });
  afterAll(() => t?.close());

  it('pays approved grants once a month at the month’s amount; re-classification, age-out and death never overpay', async () => {
    const m0 = (await t.today()).slice(0, 7);
    const m1 = nextMonth(m0);
    const m2 = nextMonth(m1);
    const m3 = nextMonth(m2);
    const register = async (birthDate: string, mother: string[], father: string[]) => {
      const ids = { child: nextId(birthDate), mother: nextId('1985-03-03'), father: nextId('1983-01-01') };
      const res = await t.call('POST', '/api/v1/children', clerk, {
        town: TOWN,
        village: VILLAGE,
        idNumber: ids.child,
        mother: { idNumber: ids.mother, situations: mother },
        father: { idNumber: ids.father, situations: father },
      });
      expect(res.status).toBe(201);
      const approved = await t.call('POST', `/api/v1/children/${res.body.childId}/allowances/approval`, approver);
      expect(approved.body.status).toBe('active');
      return { ...res.body, ids, grantAmount: approved.body.monthlyAmountFen as number };
    };
    // A de-facto unsupported (re-classified to orphan later), B turns 18 in the middle of m2, C dies
    const a = await register('2015-06-01', ['dead'], ['imprisoned']);
    const b = await register(`${Number(m2.slice(0, 4)) - 18}-${m2.slice(5)}-15`, ['dead'], ['dead']);
    const c = await register('2016-02-02', ['dead'], ['imprisoned']);

    // a dibao standard social assistance scheduled for m1: the payment follows it, not the stored grant amount
    const scheduled = createEvent(
      ParameterValueScheduledV1,
      {
        key: 'assistance.dibao.standard.urban',
        value: 200000,
        effectiveFrom: firstOfMonth(m1),
        source: 'test: a new standard',
        scheduledBy: 'assistance-admin',
      },
      { source: Sources.assistance },
    );
    await publish('policy.parameter', scheduled);
    await consumed(scheduled);

    await moveTo(firstOfMonth(m1));
    // separation of duties: the approver of grants in force may not run the payments; nothing stored
    const refused = await run(m1, approverAsDisburser);
    expect(refused.status).toBe(403);
    expect(refused.body.rule).toBe('separation-of-duties');
    expect(await sql(`SELECT 1 FROM allowance_payment_run`)).toEqual([]);
    expect(await sql(`SELECT 1 FROM allowance_payment`)).toEqual([]);

    // two concurrent runs of m1: every child once
    const [r1, r2] = await Promise.all([run(m1), run(m1)]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect(r1.body.created + r2.body.created).toBe(3);
    for (const child of [a, b, c]) {
      const paid = await payments(child.childId, m1);
      expect(paid).toEqual([expect.objectContaining({ month: m1, amount_fen: 320000, status: 'issued' })]);
      expect(await issuedEvents(paid[0].payment_id)).toBe(1);
    }
    expect(a.grantAmount).not.toBe(320000);
    // the same month again: nothing new
    expect((await run(m1)).body).toMatchObject({ created: 0, createdFen: 0 });

    // A's father dies on m1's first day, after the run: orphan from that day, m1 still paid once
    const aDeath = death(a.ids.father, a.fatherPersonRef, firstOfMonth(m1), 'hub-death-a');
    await publish('hub.life-event', aDeath);
    await consumed(aDeath);
    const grants = (await t.call('GET', `/api/v1/children/${a.childId}/allowances`, clerk)).body;
    expect(grants.map((g: any) => [g.category, g.status])).toEqual([
      ['de-facto-unsupported', 'stopped'],
      ['orphan', 'active'],
    ]);
    expect((await run(m1)).body).toMatchObject({ created: 0 });
    expect(await payments(a.childId, m1)).toHaveLength(1);

    // the disburser confirms; the report counts the run
    const confirmed = await t.call('POST', `/api/v1/allowance-runs/${m1}/confirmation`, disburser, {
      bankBatchRef: 'zsbank-test-0001',
    });
    expect(confirmed.body).toEqual({ month: m1, confirmed: 3 });
    const report = await t.call('GET', `/api/v1/allowance-runs/${m1}/report`, clerk);
    expect(report.status).toBe(200);
    expect(JSON.stringify(report.body)).toContain('960000');
    await awaitEvent(t.topics.topic('child-welfare.payment'), (r) => {
      const e = r.json as EventEnvelope<any>;
      return e.type === 'child-welfare.payment.confirmed' && e.data.childId === a.childId;
    });

    // m2: B's 18th birthday month pays nothing, though the age-out has not been processed yet
    await moveTo(firstOfMonth(m2));
    const second = await run(m2);
    expect(second.body).toMatchObject({ created: 2 });
    expect(second.body.skipped.notEligible).toBeGreaterThanOrEqual(1);
    expect(await payments(a.childId, m2)).toHaveLength(1);
    expect(await payments(b.childId, m2)).toEqual([]);

    // C's death on the last day of m1, recorded by the hub after the m2 run: m2's payment is withheld
    const cDeath = death(c.ids.child, c.personRef, dayBefore(firstOfMonth(m2)), 'hub-death-c');
    await publish('hub.life-event', cDeath);
    await consumed(cDeath);
    expect(await payments(c.childId, m2)).toEqual([
      expect.objectContaining({ status: 'stopped', stop_reason: 'death' }),
    ]);
    await awaitEvent(t.topics.topic('child-welfare.payment'), (r) => {
      const e = r.json as EventEnvelope<any>;
      return e.type === 'child-welfare.payment.stopped' && e.data.childId === c.childId;
    });

    // m3: only A is paid
    await moveTo(firstOfMonth(m3));
    expect((await run(m3)).body).toMatchObject({ created: 1 });
    expect((await payments(a.childId)).map((p) => p.month)).toEqual([m1, m2, m3]);
    expect((await payments(b.childId)).map((p) => p.month)).toEqual([m1]);
    expect((await payments(c.childId)).map((p) => [p.month, p.status])).toEqual([
      [m1, 'confirmed'],
      [m2, 'stopped'],
    ]);
  });

  it('bad input is a 4xx naming the field; nothing stored', async () => {
    const before = await sql(`SELECT count(*)::int AS n FROM allowance_payment_run`);
    const res = await run('2026-13');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('month');
    const conf = await t.call('POST', `/api/v1/allowance-runs/2026-01/confirmation`, disburser, {});
    expect(conf.status).toBe(400);
    expect(JSON.stringify(conf.body)).toContain('bankBatchRef');
    expect(await sql(`SELECT count(*)::int AS n FROM allowance_payment_run`)).toEqual(before);
  });
});
