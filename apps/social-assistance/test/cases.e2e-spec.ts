import { EventEnvelope } from '@civic/contracts';
import { collectEvents, withClient } from '@civic/testing';
import { AssistanceApp, householdBody, residentId, startAssistanceApp, TOWN } from './assistance-app.fixture';
import { loadParameters } from '@civic/policy-params';
import { driveCase, publicityDays, Staff, staff } from './case-flow';

jest.setTimeout(120_000);

describe('cases and their workflow over HTTP', () => {
  let t: AssistanceApp;
  let s: Staff;
  let seq = 100;
  const household = async () => {
    seq += 2;
    const res = await t.call(
      'POST',
      '/api/v1/households',
      s.clerk,
      householdBody([residentId('1971-01-01', seq), residentId('2013-01-01', seq + 1)]),
    );
    expect(res.status).toBe(201);
    return res.body.householdId as string;
  };
  const decisions = (caseId: string) =>
    withClient(
      t.schema.url,
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM case_decision WHERE case_id = $1`, [caseId])).rows[0]
          .n as number,
    );

  beforeAll(async () => {
    t = await startAssistanceApp('sa_case');
    s = await staff(t);
  });
  afterAll(() => t?.close());

  it('drives a case from application to active, recording who, when and why, and publishes each step', async () => {
    const id = await driveCase(t, s, await household());
    const res = await t.call('GET', `/api/v1/cases/${id}`, s.clerk);
    expect(res.body.status).toBe('active');
    expect(res.body.monthlyAmountFen).toBeGreaterThan(0);
    expect(res.body.reverificationDueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(res.body.decisions.map((d: any) => [d.command, d.who])).toEqual([
      ['accept', 'clerk-1'],
      ['start-investigation', 'clerk-1'],
      ['record-findings', 'clerk-1'],
      ['review', 'reviewer-1'],
      ['publicise', 'clerk-1'],
      ['approve', 'approver-1'],
      ['activate', 'disburser-1'],
    ]);
    const records = await collectEvents(t.topics.topic('assistance.case'), 5);
    const types = records.filter((r) => r.key === id).map((r) => (r.json as EventEnvelope).type);
    expect(types).toEqual([
      'assistance.case.applied',
      'assistance.case.accepted',
      'assistance.case.reviewed',
      'assistance.case.publicised',
      'assistance.case.approved',
    ]);
    const approved = records
      .map((r) => r.json as EventEnvelope<any>)
      .find((e) => e.type === 'assistance.case.approved' && e.subject === id)!;
    expect(approved.data).toMatchObject({
      actor: { userId: 'approver-1', duty: 'approver' },
      monthlyAmountFen: res.body.monthlyAmountFen,
    });
  });

  it('refuses an illegal transition with 409 and the current state, recording nothing', async () => {
    const applied = await t.call('POST', '/api/v1/cases', s.clerk, {
      householdId: await household(),
      programme: 'dibao',
    });
    const res = await t.call('POST', `/api/v1/cases/${applied.body.caseId}/approve`, s.approver, {
      reason: 'skip ahead',
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ currentState: 'applied', attempted: 'approve' });
    expect(await decisions(applied.body.caseId)).toBe(0);
  });

  it('cannot be bypassed: one user holding every role may not both review and approve, nor approve and disburse, the same case', async () => {
    const all = await t.token('all-roles', [
      'assistance:clerk',
      'assistance:reviewer',
      'assistance:approver',
      'assistance:disburser',
      'assistance:admin',
    ]);
    // the same person reviews, then tries to approve
    const reviewedByAll = await driveCase(t, { ...s, reviewer: all }, await household(), 'publicised');
    const approve = await t.call('POST', `/api/v1/cases/${reviewedByAll}/approve`, all, { reason: 'looks fine' });
    expect(approve.status).toBe(403);
    expect(approve.body.detail).toBe('user all-roles already acted as review on this case and may not act as approval');
    expect((await t.call('GET', `/api/v1/cases/${reviewedByAll}`, s.clerk)).body.status).toBe('publicised');

    // another person reviews; the all-roles user approves and then tries to disburse
    const approvedByAll = await driveCase(t, { ...s, approver: all }, await household(), 'approved');
    const before = await decisions(approvedByAll);
    const activate = await t.call('POST', `/api/v1/cases/${approvedByAll}/activate`, all, {});
    expect(activate.status).toBe(403);
    expect(activate.body.detail).toContain('may not act as disbursement');
    expect(await decisions(approvedByAll)).toBe(before);
    // a different disburser may
    expect((await t.call('POST', `/api/v1/cases/${approvedByAll}/activate`, s.disburser, {})).status).toBe(200);
  });

  it('answers 400 for an unknown programme and 404 for an unknown household or case', async () => {
    const unknownProgramme = await t.call('POST', '/api/v1/cases', s.clerk, {
      householdId: await household(),
      programme: 'lottery',
    });
    expect(unknownProgramme.status).toBe(400);
    expect(unknownProgramme.body.errors[0]).toMatchObject({ field: 'programme', rule: 'isIn' });
    expect(
      (await t.call('POST', '/api/v1/cases', s.clerk, { householdId: 'hh-nope', programme: 'dibao' })).status,
    ).toBe(404);
    expect((await t.call('POST', '/api/v1/cases/case-nope/accept', s.clerk, {})).status).toBe(404);
  });

  it('pays emergency temporary assistance first and raises paperwork-overdue once the deadline has passed', async () => {
    const applied = await t.call('POST', '/api/v1/cases', s.clerk, {
      householdId: await household(),
      programme: 'temporary',
      temporary: { type: 'emergency', requestedFen: 150000 },
    });
    const id = applied.body.caseId;
    const paid = await t.call('POST', `/api/v1/cases/${id}/pay-emergency`, s.disburser, {
      reason: 'house fire',
      fromReserveFund: true,
    });
    expect(paid.status).toBe(200);
    expect(paid.body.status).toBe('active-emergency');
    const admin = await t.token('admin-1', ['assistance:admin']);
    // on the deadline day nothing is overdue; the day after, it is
    const dueOn = paid.body.emergency.paperworkDueOn;
    const days = Number(
      loadParameters().valueAt('assistance.temporary.paperwork_deadline_days', paid.body.emergency.paidOn).value,
    );
    await t.moveClock({ advanceDays: days });
    expect(await t.today()).toBe(dueOn);
    expect((await t.call('POST', '/api/v1/cases/paperwork-overdue/scan', admin)).body).toEqual({ raised: 0 });
    await t.moveClock({ advanceDays: 1 });
    expect((await t.call('POST', '/api/v1/cases/paperwork-overdue/scan', admin)).body).toEqual({ raised: 1 });
    expect((await t.call('POST', '/api/v1/cases/paperwork-overdue/scan', admin)).body).toEqual({ raised: 0 });
    const records = await collectEvents(t.topics.topic('assistance.temporary-assistance'), 2);
    const types = records.filter((r) => r.key === id).map((r) => (r.json as EventEnvelope).type);
    expect(types).toEqual([
      'assistance.temporary-assistance.paid',
      'assistance.temporary-assistance.paperwork-overdue',
    ]);
    // the one who paid may not complete (review) the paperwork
    const all = await t.token('disburser-1', ['assistance:disburser', 'assistance:reviewer']);
    expect((await t.call('POST', `/api/v1/cases/${id}/complete-paperwork`, all, {})).status).toBe(403);
  });

  describe('workflow dates come from the clock, not from the client', () => {
    const toInvestigating = async () => {
      const applied = await t.call('POST', '/api/v1/cases', s.clerk, {
        householdId: await household(),
        programme: 'dibao',
      });
      const id = applied.body.caseId as string;
      expect(applied.body.application.appliedOn).toBe(await t.today());
      for (const step of ['accept', 'start-investigation'])
        expect((await t.call('POST', `/api/v1/cases/${id}/${step}`, s.clerk, {})).status).toBe(200);
      return { id, appliedOn: applied.body.application.appliedOn as string };
    };
    const shift = (date: string, days: number) =>
      new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

    it('refuses a home visit before the application or a financial check in the future: 400 naming the field, nothing stored', async () => {
      const { id, appliedOn } = await toInvestigating();
      const today = await t.today();
      const before = await decisions(id);
      const backDated = await t.call('POST', `/api/v1/cases/${id}/findings`, s.clerk, {
        homeVisitOn: shift(appliedOn, -1),
        financialCheckOn: today,
        summary: 'visited before anyone applied',
      });
      expect(backDated.status).toBe(400);
      expect(backDated.body.errors).toEqual([
        expect.objectContaining({ field: 'homeVisitOn', rule: 'not-before-application' }),
      ]);
      const future = await t.call('POST', `/api/v1/cases/${id}/findings`, s.clerk, {
        homeVisitOn: today,
        financialCheckOn: shift(today, 1),
        summary: 'checked tomorrow',
      });
      expect(future.status).toBe(400);
      expect(future.body.errors).toEqual([
        expect.objectContaining({ field: 'financialCheckOn', rule: 'not-in-future' }),
      ]);
      expect(await decisions(id)).toBe(before);
      expect((await t.call('GET', `/api/v1/cases/${id}`, s.clerk)).body.findings).toBeNull();
    });

    it('refuses a back-dated notice (400 naming startsOn) and lets approval through only once the notice has run its days', async () => {
      const { id } = await toInvestigating();
      const today = await t.today();
      await t.call('POST', `/api/v1/cases/${id}/findings`, s.clerk, {
        homeVisitOn: today,
        financialCheckOn: today,
        summary: 'income and assets as declared',
      });
      expect((await t.call('POST', `/api/v1/cases/${id}/review`, s.reviewer, { reason: 'eligible' })).status).toBe(200);
      const backDated = await t.call('POST', `/api/v1/cases/${id}/publicise`, s.clerk, {
        startsOn: shift(today, -10),
      });
      expect(backDated.status).toBe(400);
      expect(backDated.body.errors).toEqual([expect.objectContaining({ field: 'startsOn' })]);
      expect((await t.call('GET', `/api/v1/cases/${id}`, s.clerk)).body.status).toBe('reviewed');

      const published = await t.call('POST', `/api/v1/cases/${id}/publicise`, s.clerk, {});
      expect(published.status).toBe(200);
      const days = publicityDays(today);
      expect(published.body.publicity).toMatchObject({ startsOn: today, endsOn: shift(today, days) });

      const approve = () => t.call('POST', `/api/v1/cases/${id}/approve`, s.approver, { reason: 'after notice' });
      expect((await approve()).status).toBe(409);
      await t.moveClock({ advanceDays: days - 1 });
      const early = await approve();
      expect(early.status).toBe(409);
      expect(early.body.detail).toContain(`public notice runs until ${shift(today, days)}`);
      await t.moveClock({ advanceDays: 1 });
      const approved = await approve();
      expect(approved.status).toBe(200);
      expect(approved.body).toMatchObject({ status: 'approved', approvedOn: shift(today, days) });
    });
  });

  it('draws a reproducible supervision sample of active cases and records a finding once', async () => {
    const supervisor = await t.token('sup-1', ['assistance:supervisor']);
    const body = { kind: 'file-check', seed: '2025-Q3 file check', size: 2 };
    const first = await t.call('POST', '/api/v1/supervision/samples', supervisor, body);
    const second = await t.call('POST', '/api/v1/supervision/samples', supervisor, body);
    expect(first.status).toBe(201);
    expect(first.body.caseIds).toHaveLength(2);
    expect(second.body.caseIds).toEqual(first.body.caseIds);
    const caseId = first.body.caseIds[0];
    const finding = { outcome: 'issue-found', finding: 'bank statement missing from the file' };
    expect(
      (
        await t.call(
          'POST',
          `/api/v1/supervision/samples/${first.body.sampleId}/cases/${caseId}/finding`,
          supervisor,
          finding,
        )
      ).status,
    ).toBe(200);
    expect(
      (
        await t.call(
          'POST',
          `/api/v1/supervision/samples/${first.body.sampleId}/cases/${caseId}/finding`,
          supervisor,
          finding,
        )
      ).status,
    ).toBe(409);
    const stored = await t.call('GET', `/api/v1/supervision/samples/${first.body.sampleId}`, supervisor);
    expect(stored.body.items.find((i: any) => i.case_id === caseId)).toMatchObject({
      outcome: 'issue-found',
      recorded_by: 'sup-1',
    });
  });

  it("shows a town-scoped supervisor the samples of their towns only, never another town's or a city-wide one", async () => {
    const cityWide = await t.token('sup-city', ['assistance:supervisor']);
    const here = await t.token('sup-here', ['assistance:supervisor'], [TOWN]);
    const elsewhere = await t.token('sup-elsewhere', ['assistance:supervisor'], ['442000199']);
    const draw = (token: string, extra: object = {}) =>
      t.call('POST', '/api/v1/supervision/samples', token, {
        kind: 'home-visit',
        seed: 'scope-check',
        size: 1,
        ...extra,
      });
    const all = (await draw(cityWide)).body.sampleId;
    const byTown = (await draw(cityWide, { town: TOWN })).body.sampleId;
    const byHere = (await draw(here)).body.sampleId;
    const listed = async (token: string) =>
      (await t.call('GET', '/api/v1/supervision/samples?limit=100', token)).body.items.map((s: any) => s.sample_id);

    expect(await listed(cityWide)).toEqual(expect.arrayContaining([all, byTown, byHere]));
    const hereSees = await listed(here);
    expect(hereSees).toEqual(expect.arrayContaining([byTown, byHere]));
    expect(hereSees).not.toContain(all);
    expect(await listed(elsewhere)).toEqual([]);
    for (const id of [all, byTown, byHere]) {
      const res = await t.call('GET', `/api/v1/supervision/samples/${id}`, elsewhere);
      expect(res.status).toBe(403);
      expect(res.raw).not.toContain('scope-check');
    }
    expect((await t.call('GET', `/api/v1/supervision/samples/${all}`, here)).status).toBe(403);
    expect((await t.call('GET', `/api/v1/supervision/samples/${byHere}`, here)).status).toBe(200);
  });
});
