import { EventEnvelope } from '@civic/contracts';
import { addMonths } from '@civic/calendar';
import { awaitEvent, waitFor, withClient } from '@civic/testing';
import { AssistanceApp, householdBody, residentId, startAssistanceApp } from './assistance-app.fixture';
import { driveCase, Staff, staff } from './case-flow';
import { caseReaches, hubDeath, publishHubEvent } from './hub-events';

// A revoked death record (docs/adr/0009-revoked-death-records.md): the case comes back, and every
// month the record kept from it is paid by exactly one payment.

jest.setTimeout(180_000);

// the service's business day (its clock moves forward as cases pass their public notice)
let today: string;
const monthAhead = (n: number): string => addMonths(today, n).slice(0, 7);

describe('a revoked death record', () => {
  let t: AssistanceApp;
  let s: Staff;
  let seq = 500;
  const sql = <R = any>(text: string, params: unknown[] = []) =>
    withClient(t.schema.url, async (c) => (await c.query(text, params)).rows as R[]);
  const activeCase = async () => {
    seq += 2;
    const ids: [string, string] = [residentId('1966-06-06', seq), residentId('2015-05-05', seq + 1)];
    const hh = await t.call('POST', '/api/v1/households', s.clerk, householdBody(ids));
    const caseId = await driveCase(t, s, hh.body.householdId);
    today = await t.today();
    // arrange: the case has been paying since two months ago
    await sql(
      `UPDATE assistance_case SET effective_from = date_trunc('month', $2::date) - interval '2 months' WHERE case_id = $1`,
      [caseId, today],
    );
    return { caseId, personRef: hh.body.members[0].personRef as string, maskedId: hh.body.members[0].maskedId };
  };
  const publish = (event: EventEnvelope) => publishHubEvent(t, event);
  const caseStatus = (id: string, status: string) => caseReaches(t, s.clerk, id, status);
  const death = (
    p: { personRef: string; maskedId: string },
    status: 'informal' | 'formal' | 'revoked',
    recordId: string,
    revokesRecordId?: string,
  ) => hubDeath(p, status, recordId, today, revokesRecordId);
  const run = async (month: string) => {
    const res = await t.call('POST', '/api/v1/payment-runs', s.disburser, { month });
    expect([200, 201]).toContain(res.status);
    return res.body.created as number;
  };
  const payments = (caseId: string) =>
    sql(`SELECT month, kind, status FROM payment WHERE case_id = $1 ORDER BY month`, [caseId]);
  // payment.issued events appended for one payment (the outbox commits with the payment rows)
  const issuedEvents = async (paymentId: string) =>
    (
      await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox_message
          WHERE event_type = 'assistance.payment.issued' AND (payload::jsonb)->'data'->>'paymentId' = $1`,
        [paymentId],
      )
    )[0].n;

  beforeAll(async () => {
    t = await startAssistanceApp('sa_revoked');
    s = await staff(t);
  });
  afterAll(() => t?.close());

  it('informal → revoked: the stopped payment of next month is reissued, this month paid as arrears, re-runs pay nothing more', async () => {
    const p = await activeCase();
    const [m0, m1] = [today.slice(0, 7), monthAhead(1)];
    expect(await run(m1)).toBe(1);

    await publish(death(p, 'informal', 'rd-informal-1'));
    await caseStatus(p.caseId, 'suspended');
    expect(await payments(p.caseId)).toEqual([{ month: m1, kind: 'monthly', status: 'stopped' }]);

    await publish(death(p, 'revoked', 'rd-informal-1r', 'rd-informal-1'));
    await caseStatus(p.caseId, 'active');
    expect(await payments(p.caseId)).toEqual([
      { month: m0, kind: 'arrears', status: 'issued' },
      { month: m1, kind: 'monthly', status: 'issued' },
    ]);
    // re-running either month pays nothing twice (the runs cover every case: count this one's rows)
    await run(m0);
    await run(m1);
    expect(await payments(p.caseId)).toEqual([
      { month: m0, kind: 'arrears', status: 'issued' },
      { month: m1, kind: 'monthly', status: 'issued' },
    ]);
    expect(await issuedEvents(`pay-${m0}-${p.caseId}`)).toBe(1);
    expect(await issuedEvents(`pay-${m1}-${p.caseId}`)).toBe(2);
  });

  it('a re-run after a reinstatement pays a payment stopped for a revoked death, once even when two runs race', async () => {
    const p = await activeCase();
    const m1 = monthAhead(1);
    expect(await run(m1)).toBe(1);
    // a caseworker's own suspension: the revocation will not lift it, so nothing reissues the payment but the run
    expect(
      (await t.call('POST', `/api/v1/cases/${p.caseId}/suspend`, s.clerk, { reason: 'moved?', reasonCode: 'moved' }))
        .status,
    ).toBe(200);
    await publish(death(p, 'informal', 'rd-run-1'));
    await waitFor('payment stopped', async () =>
      (await payments(p.caseId))[0]?.status === 'stopped' ? true : undefined,
    );
    await publish(death(p, 'revoked', 'rd-run-1r', 'rd-run-1'));
    await waitFor('death revoked', async () =>
      (await sql(`SELECT status FROM person_death WHERE person_ref = $1`, [p.personRef]))[0]?.status === 'revoked'
        ? true
        : undefined,
    );
    expect(await payments(p.caseId)).toEqual([{ month: m1, kind: 'monthly', status: 'stopped' }]);
    expect(
      (await t.call('POST', `/api/v1/cases/${p.caseId}/reinstate`, s.clerk, { reason: 'has not moved' })).status,
    ).toBe(200);

    await Promise.all([run(m1), run(m1)]);
    await run(m1);
    expect(await payments(p.caseId)).toEqual([{ month: m1, kind: 'monthly', status: 'issued' }]);
    // issued by the first run, and once more when reissued
    expect(await issuedEvents(`pay-${m1}-${p.caseId}`)).toBe(2);
  });

  it('formal → revoked: the termination is reversed, audited and published, with every missed month paid', async () => {
    const p = await activeCase();
    const [m0, m1] = [today.slice(0, 7), monthAhead(1)];
    const [mMinus2, mMinus1] = [monthAhead(-2), monthAhead(-1)];
    expect(await run(m1)).toBe(1);
    const formal = death(p, 'formal', 'rd-formal-1');
    await publish(formal);
    await caseStatus(p.caseId, 'terminated');
    expect((await t.call('POST', `/api/v1/cases/${p.caseId}/reinstate`, s.clerk, { reason: 'x' })).status).toBe(409);
    // arrange: the termination took effect two months ago, so two earlier months were missed too
    await sql(
      `UPDATE assistance_case SET state = jsonb_set(state, '{terminatedByDeath,on}', to_jsonb($2::text)) WHERE case_id = $1`,
      [p.caseId, `${mMinus2}-15`],
    );

    const revocation = death(p, 'revoked', 'rd-formal-1r', 'rd-formal-1');
    await publish(revocation);
    await caseStatus(p.caseId, 'active');
    expect(await payments(p.caseId)).toEqual([
      { month: mMinus2, kind: 'arrears', status: 'issued' },
      { month: mMinus1, kind: 'arrears', status: 'issued' },
      { month: m0, kind: 'arrears', status: 'issued' },
      { month: m1, kind: 'monthly', status: 'issued' },
    ]);
    await run(m0);
    await run(m1);
    expect((await payments(p.caseId)).length).toBe(4);
    expect(await issuedEvents(`pay-${m1}-${p.caseId}`)).toBe(2);

    const [audit] = await sql(
      `SELECT actor, action, detail FROM audit_log WHERE object_type = 'case' AND object_id = $1`,
      [p.caseId],
    );
    expect(audit).toMatchObject({
      actor: 'system.data-hub',
      action: 'case.reverse-death-termination',
      detail: { from: 'terminated', to: 'active', revokedRecordId: 'rd-formal-1', causeEventId: revocation.id },
    });
    expect(audit.detail.paidMonths.map((x: { month: string }) => x.month)).toEqual([mMinus2, mMinus1, m0, m1]);
    const reinstated = await awaitEvent(
      t.topics.topic('assistance.case'),
      (r) => r.key === p.caseId && (r.json as EventEnvelope).type === 'assistance.case.reinstated',
    );
    expect(reinstated.json).toMatchObject({ causationid: revocation.id, data: { causeEventId: revocation.id } });
  });

  it('a termination for any other reason stays final when a later death record is revoked', async () => {
    const p = await activeCase();
    const stop = { reason: 'moved to another city', reasonCode: 'moved' };
    expect((await t.call('POST', `/api/v1/cases/${p.caseId}/terminate`, s.clerk, stop)).status).toBe(200);
    await publish(death(p, 'formal', 'rd-final-1'));
    await publish(death(p, 'revoked', 'rd-final-1r', 'rd-final-1'));
    await waitFor('death revoked', async () =>
      (await sql(`SELECT status FROM person_death WHERE person_ref = $1`, [p.personRef]))[0]?.status === 'revoked'
        ? true
        : undefined,
    );
    expect((await t.call('GET', `/api/v1/cases/${p.caseId}`, s.clerk)).body.status).toBe('terminated');
    const reinstate = await t.call('POST', `/api/v1/cases/${p.caseId}/reinstate`, s.clerk, { reason: 'x' });
    expect(reinstate).toMatchObject({ status: 409, body: { currentState: 'terminated' } });
    expect(await sql(`SELECT 1 FROM audit_log WHERE object_id = $1`, [p.caseId])).toEqual([]);
  });
});
