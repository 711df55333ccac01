import { addMonths } from '@civic/calendar';
import { withClient } from '@civic/testing';
import { AssistanceApp, householdBody, residentId, startAssistanceApp } from './assistance-app.fixture';
import { driveCase, Staff, staff } from './case-flow';

// A case's amount is decided when an input changes and stored per first day of a month
// (docs/adr/0015-decided-case-amounts.md); the run pays the decision in force on the month's 1st. The
// oracle is the means test of the stored household on that 1st (what the run computed per case before).

jest.setTimeout(180_000);

describe('decided case amounts', () => {
  let t: AssistanceApp;
  let s: Staff;
  let seq = 700;
  const sql = <R = any>(text: string, params: unknown[] = []) =>
    withClient(t.schema.url, async (c) => (await c.query(text, params)).rows as R[]);
  const decisions = (caseId: string) =>
    sql<{ effective_from: string; monthly_amount_fen: string; cause: string }>(
      `SELECT to_char(effective_from, 'YYYY-MM-DD') AS effective_from, monthly_amount_fen, cause
         FROM case_amount_decision WHERE case_id = $1 ORDER BY effective_from`,
      [caseId],
    );
  /** The dibao amount the means test gives the stored household on `day`. */
  const meansTestFen = async (householdId: string, day: string) => {
    const res = await t.call('GET', `/api/v1/households/${householdId}/means-test?date=${day}`, s.clerk);
    expect(res.status).toBe(200);
    return res.body.programmes.dibao.amount.fen as number;
  };
  const paid = async (caseId: string, month: string) => {
    const res = await t.call('POST', '/api/v1/payment-runs', s.disburser, { month });
    expect(res.status).toBe(200);
    const [row] = await sql(`SELECT amount_fen::int AS amount FROM payment WHERE case_id = $1 AND month = $2`, [
      caseId,
      month,
    ]);
    return row?.amount as number | undefined;
  };
  const activeCase = async () => {
    seq += 2;
    const ids: [string, string] = [residentId('1970-04-04', seq), residentId('2013-05-05', seq + 1)];
    const hh = await t.call('POST', '/api/v1/households', s.clerk, householdBody(ids));
    const caseId = await driveCase(t, s, hh.body.householdId);
    const c = (await t.call('GET', `/api/v1/cases/${caseId}`, s.clerk)).body;
    return {
      caseId,
      householdId: hh.body.householdId as string,
      headRef: hh.body.members[0].personRef as string,
      approvedFen: c.monthlyAmountFen as number,
      firstDay: c.effectiveFrom as string,
    };
  };
  const month = (firstDay: string, n: number) => addMonths(firstDay, n).slice(0, 7);

  beforeAll(async () => {
    t = await startAssistanceApp('sa_amounts');
    s = await staff(t);
  });
  afterAll(() => t?.close());

  it('approval decides the amount from the first paid month, and the run pays it', async () => {
    const c = await activeCase();
    const [first] = await decisions(c.caseId);
    expect(first).toEqual({ effective_from: c.firstDay, monthly_amount_fen: String(c.approvedFen), cause: 'approval' });
    expect(c.approvedFen).toBeGreaterThan(0);
    expect(await paid(c.caseId, c.firstDay.slice(0, 7))).toBe(c.approvedFen);
  });

  it('a household change decides the amount again from the first 1st it governs; earlier months keep theirs', async () => {
    const c = await activeCase();
    const changeMonth = month(c.firstDay, 2);
    // effective mid-month: governs from the next 1st
    const res = await t.call('PUT', `/api/v1/households/${c.householdId}/incomes`, s.clerk, {
      effectiveDate: `${month(c.firstDay, 1)}-15`,
      reason: 'wages cut',
      incomes: [{ personRef: c.headRef, source: 'wages', period: 'monthly', amountFen: 20000 }],
    });
    expect(res.status).toBe(200);
    const after = await meansTestFen(c.householdId, `${changeMonth}-01`);
    expect(after).toBeGreaterThan(c.approvedFen);
    expect(await decisions(c.caseId)).toEqual(
      expect.arrayContaining([
        { effective_from: c.firstDay, monthly_amount_fen: String(c.approvedFen), cause: 'approval' },
        { effective_from: `${changeMonth}-01`, monthly_amount_fen: String(after), cause: 'household:incomes-replaced' },
      ]),
    );
    expect(await paid(c.caseId, month(c.firstDay, 1))).toBe(c.approvedFen);
    expect(await paid(c.caseId, changeMonth)).toBe(after);
  });

  it('a scheduled standard is decided before the run of the month it starts in, from its effective 1st', async () => {
    const c = await activeCase();
    const from = `${month(c.firstDay, 3)}-01`;
    const key = 'assistance.dibao.standard.urban';
    const current = (await t.call('GET', `/api/v1/parameters?date=${from}`, s.clerk)).body.items.find(
      (p: { key: string }) => p.key === key,
    ).inForce.value as number;
    const admin = await t.token('admin-1', ['assistance:admin']);
    const scheduled = await t.call('POST', '/api/v1/parameters/scheduled', admin, {
      key,
      value: current + 20000,
      effectiveFrom: from,
      source: 'test notice: urban standard raised',
    });
    expect(scheduled.status).toBe(201);
    const raised = await meansTestFen(c.householdId, from);
    expect(raised).toBeGreaterThan(c.approvedFen);

    // the month before pays the old standard; the run's catch-up decides the new one first
    expect(await paid(c.caseId, month(c.firstDay, 2))).toBe(c.approvedFen);
    expect(await decisions(c.caseId)).toContainEqual({
      effective_from: from,
      monthly_amount_fen: String(raised),
      cause: 'scheduled-parameter',
    });
    expect(await paid(c.caseId, month(c.firstDay, 3))).toBe(raised);
    // decided once: the next run finds nothing due
    const [{ mark }] = await sql(`SELECT amounts_decided_with::int AS mark FROM assistance_case WHERE case_id = $1`, [
      c.caseId,
    ]);
    expect(mark).toBe(Number((await sql(`SELECT max(id) AS id FROM scheduled_parameter`))[0].id));
  });

  it('the run pays the decision in force on the 1st of its month, not a later or an earlier one', async () => {
    const c = await activeCase();
    const [m1, m2, m3] = [month(c.firstDay, 4), month(c.firstDay, 5), month(c.firstDay, 6)];
    // arrange: decisions stored by hand around m2 (the run must read them, not compute anything)
    await sql(
      `INSERT INTO case_amount_decision (case_id, effective_from, monthly_amount_fen, cause, basis, decided_on)
       VALUES ($1, $2, 11111, 'test', 'test', $2), ($1, $3, 22222, 'test', 'test', $3), ($1, $4, 33333, 'test', 'test', $4)
       ON CONFLICT (case_id, effective_from) DO UPDATE SET monthly_amount_fen = EXCLUDED.monthly_amount_fen`,
      [c.caseId, `${m1}-01`, `${m2}-01`, `${m3}-01`],
    );
    expect(await paid(c.caseId, m2)).toBe(22222);
    expect(await paid(c.caseId, m1)).toBe(11111);
    expect(await paid(c.caseId, m3)).toBe(33333);
  });

  it('reinstatement decides again from the case start (a household change while terminated is not lost)', async () => {
    const c = await activeCase();
    expect(
      (await t.call('POST', `/api/v1/cases/${c.caseId}/suspend`, s.clerk, { reason: 'check', reasonCode: 'moved' }))
        .status,
    ).toBe(200);
    // arrange: the decisions are gone (as for a case decided before this table existed)
    await sql(`DELETE FROM case_amount_decision WHERE case_id = $1`, [c.caseId]);
    expect(
      (await t.call('POST', `/api/v1/cases/${c.caseId}/reinstate`, s.clerk, { reason: 'has not moved' })).status,
    ).toBe(200);
    expect((await decisions(c.caseId))[0]).toEqual({
      effective_from: c.firstDay,
      monthly_amount_fen: String(c.approvedFen),
      cause: 'reinstate',
    });
  });
});
