import { addDays, dayBefore, daysBetween, firstOfMonth } from '@civic/calendar';
import { createEvent, DeathRecordedV1, EventEnvelope, Sources, toKafkaRecord } from '@civic/contracts';
import { maskResidentId } from '@civic/identity';
import { awaitEvent, produceRaw, waitFor, withClient } from '@civic/testing';
import { ChildWelfareApp, residentId, startChildWelfareApp, TOWN, VILLAGE } from './child-welfare-app.fixture';

jest.setTimeout(180_000);

const nextMonth = (month: string) => addDays(`${month}-28`, 5).slice(0, 7);

/**
 * A child's own death from the data hub, and its revocation (docs/adr/0009-revoked-death-records.md),
 * over real Kafka and PostgreSQL with time moved on the service's clock: the child leaves care, the
 * allowance and later payments stop, open tasks close; the revocation restores the status, the grant and
 * the tasks, re-classifies on today's facts and pays each withheld month exactly once through the monthly run.
 */
describe('child-welfare: a child’s own death and its revocation', () => {
  let t: ChildWelfareApp;
  let clerk: string;
  let approver: string;
  let disburser: string;
  let supervisor: string;
  let seq = 700;
  const sql = <R = any>(text: string, params: unknown[] = []) =>
    withClient(t.schema.url, async (c) => (await c.query(text, params)).rows as R[]);
  const nextId = (birthDate: string) => residentId(birthDate, (seq += 1));
  const publish = async (event: EventEnvelope) => {
    const topic = t.topics.topic('hub.life-event');
    const { key, value, headers } = toKafkaRecord(event, topic);
    await produceRaw(topic, [{ key, value, headers }]);
    await waitFor(`${event.type} consumed`, async () =>
      (await sql(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [event.id])).length ? true : undefined,
    );
  };
  const death = (
    idNumber: string,
    personRef: string,
    deathDate: string,
    recordId: string,
    status: 'formal' | 'revoked' = 'formal',
    revokesRecordId?: string,
  ) =>
    createEvent(
      DeathRecordedV1,
      {
        recordId,
        personRef,
        maskedId: maskResidentId(idNumber),
        deathDate,
        status,
        ...(revokesRecordId ? { revokesRecordId } : {}),
      },
      { source: Sources.hub },
    );
  const run = (month: string) => t.call('POST', '/api/v1/allowance-runs', disburser, { month });
  const payments = (childId: string) =>
    sql(
      `SELECT payment_id, month, amount_fen::int AS amount_fen, status, stop_reason, kind, run_id, flagged_after_death
         FROM allowance_payment WHERE child_id = $1 ORDER BY month`,
      [childId],
    );
  const issuedEvents = async (paymentId: string) =>
    (
      await sql(
        `SELECT count(*)::int AS n FROM outbox_message WHERE event_type = 'child-welfare.payment.issued' AND payload::jsonb #>> '{data,paymentId}' = $1`,
        [paymentId],
      )
    )[0].n;
  const child = async (childId: string) => (await t.call('GET', `/api/v1/children/${childId}`, clerk)).body;
  const grants = async (childId: string) =>
    (await t.call('GET', `/api/v1/children/${childId}/allowances`, clerk)).body as any[];
  const moveTo = async (date: string) => {
    await t.moveClock({ advanceDays: daysBetween(await t.today(), date) });
    expect(await t.today()).toBe(date);
  };

  beforeAll(async () => {
    t = await startChildWelfareApp('cw_child_death');
    clerk = await t.token('clerk', ['child-welfare:clerk']);
    approver = await t.token('approver', ['child-welfare:approver']);
    disburser = await t.token('disburser', ['child-welfare:disburser']);
    supervisor = await t.token('supervisor', ['child-welfare:supervisor']);
  });
  afterAll(() => t?.close());

  it('a death stops the child, the allowance and later payments; its revocation restores them and pays every withheld month once', async () => {
    const m0 = (await t.today()).slice(0, 7);
    const m1 = nextMonth(m0);
    const m2 = nextMonth(m1);
    const m3 = nextMonth(m2);
    const m4 = nextMonth(m3);
    const ids = { child: nextId('2015-06-01'), mother: nextId('1985-03-03'), father: nextId('1983-01-01') };
    const reg = await t.call('POST', '/api/v1/children', clerk, {
      town: TOWN,
      village: VILLAGE,
      idNumber: ids.child,
      mother: { idNumber: ids.mother, situations: ['dead'] },
      father: { idNumber: ids.father, situations: ['imprisoned'] },
    });
    expect(reg.status).toBe(201);
    const c = reg.body;
    expect(c.category).toBe('de-facto-unsupported');
    const approved = await t.call('POST', `/api/v1/children/${c.childId}/allowances/approval`, approver);
    expect(approved.body.status).toBe('active');
    const grantId = approved.body.grantId;

    // m1 and m2 are paid; then the hub records the child's death on m1's last day (after the m2 run)
    await moveTo(firstOfMonth(m1));
    expect((await run(m1)).body).toMatchObject({ created: 1 });
    await moveTo(firstOfMonth(m2));
    expect((await run(m2)).body).toMatchObject({ created: 1 });
    const [paidM1, paidM2] = await payments(c.childId);
    const deathDate = dayBefore(firstOfMonth(m2));
    await publish(death(ids.child, c.personRef, deathDate, 'hub-death-child'));

    expect(await child(c.childId)).toMatchObject({ status: 'deceased' });
    expect(await grants(c.childId)).toEqual([
      expect.objectContaining({ grantId, status: 'stopped', stopReason: 'died', lastDay: deathDate }),
    ]);
    expect((await payments(c.childId)).map((p) => [p.month, p.status, p.stop_reason])).toEqual([
      [m1, 'issued', null],
      [m2, 'stopped', 'death'],
    ]);
    await awaitEvent(t.topics.topic('child-welfare.child'), (r) => {
      const e = r.json as EventEnvelope<any>;
      return (
        e.type === 'child-welfare.child.allowance-stopped' && e.data.childId === c.childId && e.data.reason === 'died'
      );
    });
    // a deceased child is no longer re-classified: the father's death changes nothing while the record stands
    await publish(death(ids.father, c.fatherPersonRef, firstOfMonth(m2), 'hub-death-father'));
    expect(await child(c.childId)).toMatchObject({ status: 'deceased', category: 'de-facto-unsupported' });

    // m3 runs while the record stands: nothing for the child
    await moveTo(firstOfMonth(m3));
    expect((await run(m3)).body).toMatchObject({ created: 0 });

    // the hub revokes the record in m3
    await moveTo(addDays(firstOfMonth(m3), 9));
    const revocation = death(ids.child, c.personRef, deathDate, 'hub-death-child-rev', 'revoked', 'hub-death-child');
    await publish(revocation);

    // in care again, re-classified on today's facts (both parents dead: orphan from today), the grant carried over
    expect(await child(c.childId)).toMatchObject({
      status: 'active',
      category: 'orphan',
      categoryFrom: await t.today(),
    });
    const after = await grants(c.childId);
    expect(after.map((g) => [g.grantId === grantId, g.category, g.status, g.lastDay])).toEqual([
      [true, 'de-facto-unsupported', 'stopped', dayBefore(await t.today())],
      [false, 'orphan', 'active', null],
    ]);
    // m2's stopped payment is reissued in place; m3, skipped by its run, is paid once as arrears in that run
    const paid = await payments(c.childId);
    expect(paid.map((p) => [p.month, p.status, p.kind, p.stop_reason])).toEqual([
      [m1, 'issued', 'monthly', null],
      [m2, 'issued', 'monthly', null],
      [m3, 'issued', 'arrears', null],
    ]);
    expect(paid[1]).toMatchObject({ payment_id: paidM2.payment_id, amount_fen: paidM2.amount_fen });
    expect(paid[2]).toMatchObject({ run_id: `run-${m3}`, amount_fen: paidM2.amount_fen });
    expect(await issuedEvents(paidM1.payment_id)).toBe(1);
    expect(await issuedEvents(paidM2.payment_id)).toBe(2);
    expect(await issuedEvents(paid[2].payment_id)).toBe(1);
    await awaitEvent(t.topics.topic('child-welfare.child'), (r) => {
      const e = r.json as EventEnvelope<any>;
      return (
        e.type === 'child-welfare.child.allowance-granted' &&
        e.data.grantId === grantId &&
        e.causationid === revocation.id
      );
    });

    // a second revocation, re-running m3 and running m4: every month still once
    await publish(death(ids.child, c.personRef, deathDate, 'hub-death-child-rev2', 'revoked', 'hub-death-child'));
    expect((await run(m3)).body).toMatchObject({ created: 0 });
    await moveTo(firstOfMonth(m4));
    expect((await run(m4)).body).toMatchObject({ created: 1 });
    expect((await payments(c.childId)).map((p) => [p.month, p.status])).toEqual([
      [m1, 'issued'],
      [m2, 'issued'],
      [m3, 'issued'],
      [m4, 'issued'],
    ]);
    expect(await issuedEvents(paidM2.payment_id)).toBe(2);
    const audit = await sql(`SELECT action FROM audit_log WHERE object_id = $1 ORDER BY seq`, [c.childId]);
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['child.deceased', 'child.death-revoked']));
  });

  it('an aged-out child’s death closes the open placement task; the revocation reopens it and the status is aged-out again', async () => {
    const today = await t.today();
    const birth = `${Number(today.slice(0, 4)) - 18}${addDays(today, 2).slice(4)}`;
    const ids = { child: nextId(birth), mother: nextId('1980-01-01'), father: nextId('1978-01-01') };
    const c = (
      await t.call('POST', '/api/v1/children', clerk, {
        idNumber: ids.child,
        town: TOWN,
        village: VILLAGE,
        careMode: 'institution',
        mother: { idNumber: ids.mother, situations: ['dead'] },
        father: { idNumber: ids.father, situations: ['dead'] },
      })
    ).body;
    await moveTo(c.ageOutDate);
    expect((await t.call('POST', '/api/v1/deadline-runs', supervisor)).body.agedOut).toEqual([c.childId]);
    const tasks = () => t.call('GET', `/api/v1/children/${c.childId}/placement-tasks`, clerk).then((r) => r.body);
    expect(await tasks()).toEqual([expect.objectContaining({ status: 'open' })]);

    await publish(death(ids.child, c.personRef, c.ageOutDate, 'hub-death-adult'));
    expect(await child(c.childId)).toMatchObject({ status: 'deceased' });
    expect(await tasks()).toEqual([expect.objectContaining({ status: 'closed' })]);
    // a deceased person is not in care: no guardianship change
    const refused = await t.call('POST', `/api/v1/children/${c.childId}/guardianship`, clerk, {
      guardianship: 'long-term-state',
      reason: 'test',
    });
    expect(refused.status).toBe(409);

    await publish(death(ids.child, c.personRef, c.ageOutDate, 'hub-death-adult-rev', 'revoked', 'hub-death-adult'));
    expect(await child(c.childId)).toMatchObject({ status: 'aged-out' });
    expect(await tasks()).toEqual([expect.objectContaining({ status: 'open' })]);
  });
});
