import { addDays, dayBefore } from '@civic/calendar';
import { EventEnvelope } from '@civic/contracts';
import { awaitEvent, withClient } from '@civic/testing';
import { ChildWelfareApp, residentId, startChildWelfareApp, TOWN, VILLAGE } from './child-welfare-app.fixture';

jest.setTimeout(120_000);

// Work triggered by the date: mandatory reports past their deadline, children reaching the age-out age.
// Time moves through the service's dev clock, never through back-dated inputs.
describe('deadlines: report escalation and age-out', () => {
  let t: ChildWelfareApp;
  let clerk: string;
  let supervisor: string;
  let approver: string;
  const sql = <R = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    withClient(t.schema.url, async (c) => (await c.query(text, params)).rows as R[]);
  const run = async () => (await t.call('POST', '/api/v1/deadline-runs', supervisor)).body;
  const report = (body: Record<string, unknown>) =>
    t.call('POST', '/api/v1/protection-reports', clerk, {
      childIdNumber: residentId('2016-03-03', 501),
      town: TOWN,
      location: 'Village school, grade 3',
      reporterKind: 'school',
      reporter: 'Class teacher',
      concern: 'neglect',
      urgency: 'emergency',
      ...body,
    });

  beforeAll(async () => {
    t = await startChildWelfareApp('cw_deadlines');
    clerk = await t.token('clerk', ['child-welfare:clerk']);
    supervisor = await t.token('supervisor', ['child-welfare:supervisor']);
    approver = await t.token('approver', ['child-welfare:approver']);
    await t.moveClock({ at: '2026-06-01T09:00:00+08:00', freeze: true });
  });
  afterAll(() => t?.close());

  it.each([
    ['reporter', { reporter: undefined }],
    ['location', { location: undefined }],
    ['location', { location: '' }],
  ])('refuses a report without %s (400 naming it); nothing stored', async (field, body) => {
    const res = await report(body);
    expect(res.status).toBe(400);
    expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual([field]);
    expect(await sql(`SELECT 1 FROM protection_report`)).toEqual([]);
  });

  it('an emergency report past its deadline escalates once; one responded to in time does not', async () => {
    const late = await report({});
    const answered = await report({ childIdNumber: residentId('2015-04-04', 502) });
    const normal = await report({ childIdNumber: residentId('2014-05-05', 503), urgency: 'normal' });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({ status: 'open', urgency: 'emergency' });
    expect(JSON.stringify(late.body)).not.toContain(residentId('2016-03-03', 501));
    expect(
      (
        await t.call('POST', `/api/v1/protection-reports/${answered.body.reportId}/response`, clerk, {
          note: 'Visited',
        })
      ).status,
    ).toBe(200);
    expect((await run()).escalatedReports).toEqual([]);

    await t.moveClock({ at: '2026-06-02T09:00:01+08:00', freeze: true });
    expect((await run()).escalatedReports).toEqual([late.body.reportId]);
    expect((await run()).escalatedReports).toEqual([]);
    const read = await t.call('GET', `/api/v1/protection-reports/${late.body.reportId}`, clerk);
    expect(read.body.status).toBe('escalated');
    expect((await t.call('GET', `/api/v1/protection-reports/${normal.body.reportId}`, clerk)).body.status).toBe('open');
    const event = await awaitEvent(
      t.topics.topic('child-welfare.protection-report'),
      (r) => (r.json as EventEnvelope).type === 'child-welfare.protection-report.escalated',
    );
    expect((event.json as EventEnvelope<{ reportId: string }>).data.reportId).toBe(late.body.reportId);
    // an escalated report can still get its emergency placement and notes
    const placed = await t.call('POST', `/api/v1/protection-reports/${late.body.reportId}/emergency-placement`, clerk, {
      placement: 'City minor rescue and protection centre',
    });
    expect(placed.body.status).toBe('responded');
  });

  it('aging out stops the allowance (paid through the day before) and opens the adult-orphan placement task', async () => {
    const today = await t.today();
    // a child whose 18th birthday is 3 days away
    const birth = `${Number(today.slice(0, 4)) - 18}${addDays(today, 3).slice(4)}`;
    const c = (
      await t.call('POST', '/api/v1/children', clerk, {
        idNumber: residentId(birth, 504),
        town: TOWN,
        village: VILLAGE,
        careMode: 'institution',
        mother: { idNumber: residentId('1980-01-01', 505), situations: ['dead'] },
        father: { idNumber: residentId('1978-01-01', 506), situations: ['dead'] },
      })
    ).body;
    expect(c).toMatchObject({ category: 'orphan', ageOutDate: addDays(today, 3) });
    await t.call('POST', `/api/v1/children/${c.childId}/allowances/approval`, approver);

    await t.moveClock({ at: `${dayBefore(c.ageOutDate)}T12:00:00+08:00`, freeze: true });
    expect((await run()).agedOut).toEqual([]);
    await t.moveClock({ at: `${c.ageOutDate}T00:00:01+08:00`, freeze: true });
    expect((await run()).agedOut).toEqual([c.childId]);
    expect((await run()).agedOut).toEqual([]);

    expect((await t.call('GET', `/api/v1/children/${c.childId}`, clerk)).body.status).toBe('aged-out');
    const [grant] = (await t.call('GET', `/api/v1/children/${c.childId}/allowances`, clerk)).body;
    expect(grant).toMatchObject({ status: 'stopped', stopReason: 'aged-out', lastDay: dayBefore(c.ageOutDate) });
    expect((await t.call('GET', `/api/v1/children/${c.childId}/placement-tasks`, clerk)).body).toEqual([
      expect.objectContaining({ kind: 'adult-orphan-placement', status: 'open', openedOn: c.ageOutDate }),
    ]);
    const aged = await awaitEvent(
      t.topics.topic('child-welfare.child'),
      (r) => (r.json as EventEnvelope).type === 'child-welfare.child.aged-out',
    );
    expect((aged.json as EventEnvelope<{ placement: string }>).data.placement).toBe('adult-orphan-placement');
    await awaitEvent(
      t.topics.topic('child-welfare.child'),
      (r) => (r.json as EventEnvelope).type === 'child-welfare.child.allowance-stopped',
    );
  });
});
