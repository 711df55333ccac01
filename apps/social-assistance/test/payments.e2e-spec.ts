import { EventEnvelope } from '@civic/contracts';
import { todayInShanghai } from '@civic/calendar';
import { collectEvents, withClient } from '@civic/testing';
import { AssistanceApp, householdBody, residentId, startAssistanceApp, TOWN } from './assistance-app.fixture';
import { driveCase, Staff, staff } from './case-flow';

jest.setTimeout(120_000);

/** 'YYYY-MM' n months after the current month. */
function monthAhead(n: number): string {
  const [y, m] = todayInShanghai().split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

describe('monthly payment runs over HTTP', () => {
  let t: AssistanceApp;
  let s: Staff;
  let caseId: string;
  let amount: number;
  const payments = (month: string) =>
    withClient(
      t.schema.url,
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM payment WHERE month = $1`, [month])).rows[0].n as number,
    );

  beforeAll(async () => {
    t = await startAssistanceApp('sa_pay');
    s = await staff(t);
    const hh = await t.call(
      'POST',
      '/api/v1/households',
      s.clerk,
      householdBody([residentId('1969-02-02', 201), residentId('2014-03-03', 202)]),
    );
    caseId = await driveCase(t, s, hh.body.householdId);
    amount = (await t.call('GET', `/api/v1/cases/${caseId}`, s.clerk)).body.monthlyAmountFen;
  });
  afterAll(() => t?.close());

  it('drives a case from application to a confirmed payment, with the issued and confirmed events on the topic', async () => {
    const month = monthAhead(1);
    const run = await t.call('POST', '/api/v1/payment-runs', s.disburser, { month });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ month, created: 1, createdFen: amount });

    const report = await t.call('GET', `/api/v1/payment-runs/${month}/report`, s.disburser);
    expect(report.body).toMatchObject({
      count: 1,
      totalFen: amount,
      byProgramme: { dibao: { count: 1, totalFen: amount } },
      byTown: { [TOWN]: { count: 1, totalFen: amount } },
    });

    // the approver holds the disburser role too, yet may not confirm a run holding a case they approved
    const approverDisburser = await t.token('approver-1', ['assistance:approver', 'assistance:disburser']);
    const refused = await t.call('POST', `/api/v1/payment-runs/${month}/confirmation`, approverDisburser, {
      bankBatchRef: 'zsbank-1',
    });
    expect(refused.status).toBe(403);
    expect(refused.body.cases).toEqual([caseId]);

    const confirmed = await t.call('POST', `/api/v1/payment-runs/${month}/confirmation`, s.disburser, {
      bankBatchRef: 'zsbank-1',
    });
    expect(confirmed.body).toEqual({ month, confirmed: 1 });
    const [issued, confirmedEvent] = (await collectEvents(t.topics.topic('assistance.payment'), 2)).map(
      (r) => r.json as EventEnvelope<any>,
    );
    expect(issued).toMatchObject({
      type: 'assistance.payment.issued',
      data: { caseId, runMonth: month, amountFen: amount, actor: { userId: 'disburser-1', duty: 'disburser' } },
    });
    expect(confirmedEvent).toMatchObject({
      type: 'assistance.payment.confirmed',
      subject: issued.subject,
      data: { bankBatchRef: 'zsbank-1' },
    });
  });

  it('pays once when the same month is run twice, and once when two runs start at the same time', async () => {
    const month = monthAhead(2);
    const first = await t.call('POST', '/api/v1/payment-runs', s.disburser, { month });
    const second = await t.call('POST', '/api/v1/payment-runs', s.disburser, { month });
    expect([first.body.created, second.body.created]).toEqual([1, 0]);
    expect(await payments(month)).toBe(1);

    const concurrent = monthAhead(3);
    const both = await Promise.all(
      [1, 2, 3].map(() => t.call('POST', '/api/v1/payment-runs', s.disburser, { month: concurrent })),
    );
    expect(both.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(both.map((r) => r.body.created).sort()).toEqual([0, 0, 1]);
    expect(await payments(concurrent)).toBe(1);
    const events = await withClient(
      t.schema.url,
      async (c) =>
        (
          await c.query(
            `SELECT count(*)::int AS n FROM outbox_message WHERE event_type = 'assistance.payment.issued' AND payload::text LIKE $1`,
            [`%"runMonth":"${concurrent}"%`],
          )
        ).rows[0].n,
    );
    expect(events).toBe(1);
  });

  it('never creates a payment for a person whose recorded death date is before the month, even on an active case', async () => {
    const hh = await t.call(
      'POST',
      '/api/v1/households',
      s.clerk,
      householdBody([residentId('1950-02-02', 211), residentId('2016-03-03', 212)]),
    );
    const deadCase = await driveCase(t, s, hh.body.householdId);
    // arrange: a death recorded for the beneficiary while the case is still active (no reaction ran)
    await withClient(t.schema.url, (c) =>
      c.query(
        `INSERT INTO person_death (person_ref, record_id, death_date, status, cause_event_id) VALUES ($1, 'r-1', current_date, 'formal', 'e-1')`,
        [hh.body.members[0].personRef],
      ),
    );
    const month = monthAhead(4);
    const run = await t.call('POST', '/api/v1/payment-runs', s.disburser, { month });
    expect(run.body).toMatchObject({ created: 1, skipped: { deceased: 1, notEligible: 0 } });
    const rows = await withClient(
      t.schema.url,
      async (c) => (await c.query(`SELECT case_id FROM payment WHERE month = $1`, [month])).rows,
    );
    expect(rows).toEqual([{ case_id: caseId }]);
    expect(rows).not.toContainEqual({ case_id: deadCase });
  });

  it('refuses a malformed month with 400 and creates nothing', async () => {
    for (const month of ['2025-13', '2025-1', 202507, '']) {
      const res = await t.call('POST', '/api/v1/payment-runs', s.disburser, { month });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].field).toBe('month');
    }
    expect((await t.call('GET', '/api/v1/payment-runs/2025-13/report', s.disburser)).status).toBe(400);
    expect((await t.call('GET', '/api/v1/payment-runs/1999-01/report', s.disburser)).status).toBe(404);
  });

  it('lists payments paginated and filtered by town, programme and status', async () => {
    const page = await t.call(
      'GET',
      `/api/v1/payments?town=${TOWN}&programme=dibao&status=confirmed&limit=1`,
      s.disburser,
    );
    expect(page.body).toMatchObject({ total: 1, limit: 1, offset: 0, items: [{ caseId, status: 'confirmed' }] });
    const other = await t.call('GET', `/api/v1/payments?town=442000999`, s.disburser);
    expect(other.body.total).toBe(0);
  });
});
