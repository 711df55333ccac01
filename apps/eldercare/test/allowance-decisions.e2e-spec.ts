import { addDays, addMonths } from '@civic/calendar';
import { CaseTerminatedV1, ParameterValueScheduledV1 } from '@civic/contracts';
import { residentIdNumber, TEST_TOWN as TOWN, TEST_VILLAGE as VILLAGE, waitFor, withClient } from '@civic/testing';
import { EldercareApp, startEldercareApp } from './eldercare-app.fixture';

jest.setTimeout(180_000);

// The amount a grant pays is decided when one of its inputs changes and stored (docs/domain.md §2
// "Benefits"); the monthly run pays the stored decision. Over HTTP, real PostgreSQL and Kafka; the
// business clock only moves forward, so the tests run in order.
describe('allowance amounts decided when their inputs change', () => {
  let t: EldercareApp;
  let clerk: string;
  let admin: string;
  let seq = 301;
  const sql = <R = any>(text: string, params: unknown[] = []) =>
    withClient(t.schema.url, async (c) => (await c.query(text, params)).rows as R[]);
  const register = async (birthDate: string, body: Record<string, unknown>) =>
    (
      await t.call('POST', '/api/v1/elders', clerk, {
        idNumber: residentIdNumber(birthDate, (seq += 2)),
        town: TOWN,
        village: VILLAGE,
        ...body,
      })
    ).body;
  const dailyRun = async () => (await t.call('POST', '/api/v1/daily-runs', admin)).body;
  const grants = async (elderId: string) =>
    (await t.call('GET', `/api/v1/elders/${elderId}/allowances`, clerk)).body as {
      grantId: string;
      allowance: string;
      monthlyAmountFen: number;
      parameterKey: string;
      status: string;
    }[];
  const decisions = (grantId: string) =>
    sql(
      `SELECT to_char(effective_from, 'YYYY-MM-DD') AS "from", monthly_amount_fen::int AS fen, parameter_key AS key
         FROM allowance_decision WHERE grant_id = $1 ORDER BY effective_from`,
      [grantId],
    );
  const redecided = (grantId: string) =>
    sql(
      `SELECT payload::jsonb -> 'data' AS data FROM outbox_message WHERE event_type = 'eldercare.elder.allowance-redecided' AND payload::jsonb -> 'data' ->> 'grantId' = $1`,
      [grantId],
    ).then((rows) => rows.map((r) => r.data));

  beforeAll(async () => {
    t = await startEldercareApp('ec_decisions');
    clerk = await t.token('clerk-1', ['eldercare:clerk']);
    admin = await t.token('admin-1', ['eldercare:admin']);
  });
  afterAll(() => t?.close());

  it('re-prices the high-age allowance on the day a scheduled band amount takes effect, not the day before, and the run pays it from that month', async () => {
    const today = await t.today();
    const elder = await register(addMonths(today, -12 * 85), { livingSituation: ['alone'] });
    await dailyRun();
    const [grant] = await grants(elder.elderId);
    expect(grant).toMatchObject({ allowance: 'high-age', monthlyAmountFen: 10000 });

    // a value scheduled at runtime by its owning service, effective the first day of next month
    const effective = addMonths(`${today.slice(0, 7)}-01`, 1);
    const [scheduled] = await t.publish(ParameterValueScheduledV1, {
      key: 'elder.high_age_allowance.age_80',
      value: 12000,
      effectiveFrom: effective,
      source: 'Zhongshan civil affairs notice (test)',
      scheduledBy: 'u-city-0001',
    });
    await waitFor('the scheduled value kept', async () =>
      (await sql(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [scheduled.id])).length ? true : undefined,
    );

    // the day before: nothing changes
    const dayBefore = addDays(effective, -1);
    if (dayBefore > today) await t.moveClock({ at: `${dayBefore}T09:00:00+08:00` });
    expect((await dailyRun()).repriced).toBe(0);
    expect((await grants(elder.elderId))[0].monthlyAmountFen).toBe(10000);
    expect(await decisions(grant.grantId)).toEqual([{ from: today, fen: 10000, key: grant.parameterKey }]);

    // the day of effect: decided again from that day, stored and announced
    await t.moveClock({ advanceDays: 1 });
    expect(await t.today()).toBe(effective);
    expect((await dailyRun()).repriced).toBe(1);
    expect((await grants(elder.elderId))[0].monthlyAmountFen).toBe(12000);
    expect(await decisions(grant.grantId)).toEqual([
      { from: today, fen: 10000, key: 'elder.high_age_allowance.age_80' },
      { from: effective, fen: 12000, key: 'elder.high_age_allowance.age_80' },
    ]);
    expect(await redecided(grant.grantId)).toEqual([
      expect.objectContaining({ previousAmountFen: 10000, monthlyAmountFen: 12000, effectiveFrom: effective }),
    ]);
    expect((await dailyRun()).repriced).toBe(0);

    // the run pays the decision in force on each month's first day
    const disburser = await t.token('disburser-1', ['eldercare:disburser']);
    await t.call('POST', '/api/v1/allowance-runs', disburser, { month: effective.slice(0, 7) });
    const paid = (await t.call('GET', `/api/v1/elders/${elder.elderId}/payments`, clerk)).body;
    expect(paid.map((p: { month: string; amountFen: number }) => [p.month, p.amountFen])).toEqual([
      [effective.slice(0, 7), 12000],
    ]);
  });

  it('re-decides the care subsidy when the economic status changes, from that day; each month is paid what was decided for its first day', async () => {
    // enrolled on a month's first day, so that month is paid the first decision and the next the second
    const start = addMonths(`${(await t.today()).slice(0, 7)}-01`, 2);
    await t.moveClock({ at: `${start}T09:00:00+08:00` });
    const today = await t.today();
    expect(today).toBe(start);
    const approver = await t.token('approver-1', ['eldercare:approver']);
    const elder = await register(addMonths(today, -12 * 70), {
      livingSituation: ['childless'],
      economicStatus: 'dibao',
    });
    await t.call('POST', `/api/v1/elders/${elder.elderId}/assessments`, clerk, {
      assessedOn: today,
      assessor: 'asr-1',
      scores: { selfCare: 5, basicMotion: 5, mentalState: 5, perceptionAndSocial: 5 },
    });
    const enrolled = await t.call('POST', `/api/v1/elders/${elder.elderId}/allowances/care-subsidy`, approver);
    expect(enrolled.body).toMatchObject({
      monthlyAmountFen: 200000,
      parameterKey: 'elder.care_subsidy.dibao_low_income_disabled',
    });
    await t.moveClock({ advanceDays: 3 });
    const changedOn = await t.today();
    await t.publish(CaseTerminatedV1, {
      caseId: 'case-ec-1',
      householdId: 'hh-ec-1',
      personRef: elder.personRef,
      town: TOWN,
      programme: 'dibao',
      effectiveFrom: changedOn,
      actor: { userId: 'sa-1', duty: 'approver' },
      reasonCode: 'income-change',
      reason: 'income rose',
    });
    const grant = await waitFor('the care subsidy decided again', async () => {
      const [g] = await grants(elder.elderId);
      return g.monthlyAmountFen === 150000 ? g : undefined;
    });
    expect(grant).toMatchObject({ status: 'active', parameterKey: 'elder.care_subsidy.childless_or_veteran' });
    expect(await decisions(grant.grantId)).toEqual([
      { from: today, fen: 200000, key: 'elder.care_subsidy.dibao_low_income_disabled' },
      { from: changedOn, fen: 150000, key: 'elder.care_subsidy.childless_or_veteran' },
    ]);
    expect(await redecided(grant.grantId)).toEqual([
      expect.objectContaining({ previousAmountFen: 200000, monthlyAmountFen: 150000, effectiveFrom: changedOn }),
    ]);

    const disburser = await t.token('disburser-1', ['eldercare:disburser']);
    const next = addMonths(start, 1).slice(0, 7);
    for (const month of [start.slice(0, 7), next])
      expect((await t.call('POST', '/api/v1/allowance-runs', disburser, { month })).status).toBe(200);
    const paid = (await t.call('GET', `/api/v1/elders/${elder.elderId}/payments`, clerk)).body;
    expect(paid.map((p: { month: string; amountFen: number }) => [p.month, p.amountFen])).toEqual([
      [start.slice(0, 7), 200000],
      [next, 150000],
    ]);
  });
});
