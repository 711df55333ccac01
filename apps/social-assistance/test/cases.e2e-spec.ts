import { EventEnvelope } from '@civic/contracts';
import { collectEvents, withClient } from '@civic/testing';
import { AssistanceApp, householdBody, residentId, startAssistanceApp } from './assistance-app.fixture';
import { driveCase, Staff, staff } from './case-flow';

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
    // arrange: the deadline passed yesterday
    await withClient(t.schema.url, (c) =>
      c.query(`UPDATE assistance_case SET paperwork_due_on = current_date - 1 WHERE case_id = $1`, [id]),
    );
    const admin = await t.token('admin-1', ['assistance:admin']);
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
});
