import { addMonths } from '@civic/calendar';
import { createEvent, EventEnvelope, HospitalBillSettledV1, Sources, UnemploymentRegisteredV1 } from '@civic/contracts';
import { awaitEvent, ProbedRecord, waitFor, withClient } from '@civic/testing';
import { AssistanceApp, householdBody, residentId, startAssistanceApp, TOWN } from './assistance-app.fixture';
import { driveCase, Staff, staff } from './case-flow';
import { caseReaches, hubDeath, publishHubEvent } from './hub-events';

jest.setTimeout(120_000);

// the month n months after a 'YYYY-MM' month
const monthAfter = (month: string, n: number): string => addMonths(`${month}-01`, n).slice(0, 7);

describe('reactions to data-hub life events', () => {
  let t: AssistanceApp;
  let s: Staff;
  let seq = 300;
  const sql = <R = any>(text: string, params: unknown[] = []) =>
    withClient(t.schema.url, async (c) => (await c.query(text, params)).rows as R[]);
  const activeCase = async () => {
    seq += 2;
    const ids: [string, string] = [residentId('1966-06-06', seq), residentId('2015-05-05', seq + 1)];
    const hh = await t.call('POST', '/api/v1/households', s.clerk, householdBody(ids));
    const caseId = await driveCase(t, s, hh.body.householdId);
    const { effectiveFrom } = (await t.call('GET', `/api/v1/cases/${caseId}`, s.clerk)).body;
    return {
      caseId,
      firstMonth: (effectiveFrom as string).slice(0, 7),
      personRef: hh.body.members[0].personRef as string,
      maskedId: hh.body.members[0].maskedId as string,
      householdId: hh.body.householdId as string,
    };
  };
  const publish = (event: EventEnvelope) => publishHubEvent(t, event);
  const caseStatus = (id: string, status: string) => caseReaches(t, s.clerk, id, status);
  const death = async (
    p: { personRef: string; maskedId: string },
    status: 'informal' | 'formal' | 'revoked',
    recordId: string,
    revokesRecordId?: string,
  ) => hubDeath(p, status, recordId, await t.today(), revokesRecordId);

  beforeAll(async () => {
    t = await startAssistanceApp('sa_hub');
    s = await staff(t);
  });
  afterAll(() => t?.close());

  it('a formal death terminates the case, stops the issued payment after the death, and the next run pays nothing', async () => {
    const p = await activeCase();
    const m1 = p.firstMonth;
    expect((await t.call('POST', '/api/v1/payment-runs', s.disburser, { month: m1 })).body.created).toBe(1);

    const event = await death(p, 'formal', 'hub-death-1');
    await publish(event);
    await caseStatus(p.caseId, 'terminated');

    const [payment] = await sql(`SELECT status, stop_reason, flagged_after_death FROM payment WHERE case_id = $1`, [
      p.caseId,
    ]);
    expect(payment).toEqual({ status: 'stopped', stop_reason: 'death', flagged_after_death: true });
    const stopped = await awaitEvent(
      t.topics.topic('assistance.payment'),
      (r) => (r.json as EventEnvelope).type === 'assistance.payment.stopped',
    );
    expect((stopped.json as EventEnvelope<any>).data).toMatchObject({
      caseId: p.caseId,
      reasonCode: 'death',
      causeEventId: event.id,
    });
    const terminated = await awaitEvent(
      t.topics.topic('assistance.case'),
      (r) => r.key === p.caseId && (r.json as EventEnvelope).type === 'assistance.case.terminated',
    );
    expect(terminated.json).toMatchObject({
      causationid: event.id,
      data: { reasonCode: 'death', causeEventId: event.id },
    });

    expect(
      (await t.call('POST', '/api/v1/payment-runs', s.disburser, { month: monthAfter(p.firstMonth, 1) })).body.created,
    ).toBe(0);
    expect(await sql(`SELECT month FROM payment WHERE case_id = $1 AND status <> 'stopped'`, [p.caseId])).toEqual([]);
  });

  it('an informal death suspends the case; its revocation reinstates it and pays the arrears once', async () => {
    const p = await activeCase();
    // arrange: the case has been paying since two months ago (by the service's clock)
    const today = await t.today();
    await sql(
      `UPDATE assistance_case SET effective_from = date_trunc('month', $2::date) - interval '2 months' WHERE case_id = $1`,
      [p.caseId, today],
    );
    await publish(await death(p, 'informal', 'hub-death-2'));
    await caseStatus(p.caseId, 'suspended');
    const month = today.slice(0, 7);
    expect(await sql(`SELECT * FROM payment WHERE case_id = $1`, [p.caseId])).toEqual([]);

    await publish(await death(p, 'revoked', 'hub-death-2r', 'hub-death-2'));
    await caseStatus(p.caseId, 'active');
    const paid = await waitFor('arrears', async () => {
      const rows = await sql(`SELECT month, kind, status FROM payment WHERE case_id = $1`, [p.caseId]);
      return rows.length ? rows : undefined;
    });
    expect(paid).toEqual([{ month, kind: 'arrears', status: 'issued' }]);
    // the month's run does not pay it again
    await t.call('POST', '/api/v1/payment-runs', s.disburser, { month });
    expect(await sql(`SELECT count(*)::int AS n FROM payment WHERE case_id = $1`, [p.caseId])).toEqual([{ n: 1 }]);
  });

  it('an unemployment record ends the wage income, re-runs the means test, and publishes income-changed caused by it', async () => {
    const p = await activeCase();
    const event = createEvent(
      UnemploymentRegisteredV1,
      {
        recordId: 'hub-unemp-1',
        personRef: p.personRef,
        maskedId: p.maskedId,
        registeredOn: await t.today(),
        town: TOWN,
      },
      { source: Sources.hub },
    );
    await publish(event);
    const [check] = await waitFor('means-test re-run', async () => {
      const rows = await sql(`SELECT changed, outcome FROM means_test_check WHERE household_id = $1`, [p.householdId]);
      return rows.length ? rows : undefined;
    });
    expect(check.changed).toBe(true);
    expect(check.outcome.after.dibao.amountFen).toBeGreaterThan(check.outcome.before.dibao.amountFen);
    const changed = await awaitEvent(
      t.topics.topic('assistance.household'),
      (r) => (r.json as EventEnvelope).type === 'assistance.household.income-changed' && r.key === p.householdId,
    );
    expect(changed.json).toMatchObject({
      causationid: event.id,
      data: { perCapitaMonthlyIncomeFen: 0, previousPerCapitaMonthlyIncomeFen: 30000 },
    });
    const history = await t.call('GET', `/api/v1/households/${p.householdId}/history`, s.clerk);
    expect(history.body.at(-1)).toMatchObject({ change: 'unemployment-registered', changedBy: 'system.data-hub' });

    // the changed result is announced, after the income change it follows from, with every differing programme
    const eligibility = await awaitEvent(t.topics.topic('assistance.household'), (r) =>
      isEligibilityChanged(r, p.householdId),
    );
    expect(eligibility.partition).toBe(changed.partition);
    expect(BigInt(eligibility.offset)).toBeGreaterThan(BigInt(changed.offset));
    const { before, after } = check.outcome as Record<
      'before' | 'after',
      Record<string, { eligible: boolean; amountFen: number | null }>
    >;
    const differing = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    const data = (eligibility.json as EventEnvelope<any>).data;
    expect(eligibility.json).toMatchObject({
      subject: p.householdId,
      causationid: event.id,
      correlationid: event.correlationid,
    });
    expect(data).toMatchObject({
      householdId: p.householdId,
      town: TOWN,
      personRef: p.personRef,
      checkedOn: await t.today(),
      causeEventId: event.id,
    });
    expect(data.changes).toHaveLength(differing.length);
    expect(data.changes).toContainEqual({
      programme: 'dibao',
      eligibleBefore: before.dibao.eligible,
      eligibleAfter: after.dibao.eligible,
      amountBeforeFen: before.dibao.amountFen,
      amountAfterFen: after.dibao.amountFen,
    });
  });

  it('a hub record that leaves the means-test result unchanged stores the check but raises no eligibility-changed', async () => {
    const p = await activeCase();
    const today = await t.today();
    const bill = (recordId: string) =>
      createEvent(
        HospitalBillSettledV1,
        {
          recordId,
          personRef: p.personRef,
          maskedId: p.maskedId,
          billDate: today,
          totalFen: 100,
          insurancePaidFen: 99,
          selfPaidFen: 1,
          inpatient: false,
        },
        { source: Sources.hub },
      );
    const checks = (n: number) =>
      waitFor(`${n} means-test re-runs`, async () => {
        const rows = await sql(`SELECT changed, outcome FROM means_test_check WHERE household_id = $1 ORDER BY id`, [
          p.householdId,
        ]);
        return rows.length >= n ? rows : undefined;
      });
    // the first medical spending makes the dibao household eligible for medical aid: a change
    const first = bill('hub-bill-first');
    await publish(first);
    expect((await checks(1))[0].changed).toBe(true);
    // one more fen of medical spending moves no threshold: the premise of this test
    await publish(bill('hub-bill-second'));
    const second = (await checks(2))[1];
    expect(second).toEqual({
      changed: false,
      outcome: { before: second.outcome.before, after: second.outcome.before },
    });

    // A later record that does change the result is the marker: its event follows on the same
    // partition (key = household), so an event for the second bill would have been read before it.
    const unemployment = createEvent(
      UnemploymentRegisteredV1,
      {
        recordId: 'hub-unemp-after-bills',
        personRef: p.personRef,
        maskedId: p.maskedId,
        registeredOn: await t.today(),
        town: TOWN,
      },
      { source: Sources.hub },
    );
    await publish(unemployment);
    const announced: ProbedRecord[] = [];
    await awaitEvent(t.topics.topic('assistance.household'), (r) => {
      if (isEligibilityChanged(r, p.householdId)) announced.push(r);
      return isEligibilityChanged(r, p.householdId) && (r.json as EventEnvelope).causationid === unemployment.id;
    });
    expect(announced.map((r) => (r.json as EventEnvelope).causationid)).toEqual([first.id, unemployment.id]);
    expect((announced[0].json as EventEnvelope<any>).data.changes).toEqual([
      { programme: 'medical', eligibleBefore: false, eligibleAfter: true },
    ]);
  });
});

function isEligibilityChanged(r: ProbedRecord, householdId: string): boolean {
  return r.key === householdId && (r.json as EventEnvelope).type === 'assistance.household.eligibility-changed';
}
