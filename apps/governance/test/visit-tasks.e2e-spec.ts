import {
  CaseApprovedV1,
  DeathRecordedV1,
  EventEnvelope,
  ProtectionReportFiledV1,
  Topics,
  VisitOverdueV1,
  VisitTaskCompletedV1Payload,
} from '@civic/contracts';
import { awaitEvent, waitForRows, withClient } from '@civic/testing';
import { GovernanceApp, personRef, publishEvent, startGovernanceApp } from './governance-app.fixture';

jest.setTimeout(120_000);

const TOWN = '442000100';
const VILLAGE = '442000100001';

// Eldercare and child welfare are built in parallel: their contract events are published straight
// onto Kafka here, and what governance reports back is read from its topic as they would read it.
describe('governance social workers and visit tasks', () => {
  let g: GovernanceApp;
  let clerk: string;
  let supervisor: string;
  let certified: string;
  let uncertified: string;
  const rows = (sql: string, params: unknown[] = []) =>
    withClient(g.schema.url, async (c) => (await c.query(sql, params)).rows);

  beforeAll(async () => {
    g = await startGovernanceApp('gov_visit');
    clerk = await g.token('clerk-1', ['governance:clerk']);
    supervisor = await g.token('sup-1', ['governance:supervisor']);
    const station = await g.call('POST', '/api/v1/stations', supervisor, {
      kind: 'station',
      town: TOWN,
      name: 'Town station',
    });
    expect(station.status).toBe(201);
    const w1 = await g.call('POST', '/api/v1/social-workers', clerk, {
      name: 'Worker A',
      stationId: station.body.stationId,
      certificateNumber: 'SW-2021-0001',
      certificateLevel: 'intermediate',
    });
    const w2 = await g.call('POST', '/api/v1/social-workers', clerk, {
      name: 'Worker B',
      stationId: station.body.stationId,
    });
    certified = w1.body.socialWorkerId;
    uncertified = w2.body.socialWorkerId;
  });
  afterAll(() => g?.close());

  it('opens one station per town and one point per village of that town, and reports coverage', async () => {
    const again = await g.call('POST', '/api/v1/stations', supervisor, { kind: 'station', town: TOWN, name: 'Second' });
    expect(again.status).toBe(409);
    const wrongVillage = await g.call('POST', '/api/v1/stations', supervisor, {
      kind: 'point',
      town: '442000101',
      village: VILLAGE,
      name: 'Point',
    });
    expect(wrongVillage.status).toBe(400);
    expect(wrongVillage.body.errors).toEqual([expect.objectContaining({ field: 'village', rule: 'withinTown' })]);
    const point = await g.call('POST', '/api/v1/stations', supervisor, {
      kind: 'point',
      town: TOWN,
      village: VILLAGE,
      name: 'Point',
    });
    expect(point.status).toBe(201);
    const cov = await g.call('GET', '/api/v1/stations/coverage', clerk);
    expect(cov.body.towns.withStation).toBe(1);
    expect(cov.body.villages.withPoint).toBe(1);
    expect(cov.body.certifiedWorkers).toBe(1);
  });

  it('refuses to assign an uncertified worker, naming the field and storing nothing', async () => {
    const res = await g.call('POST', '/api/v1/assignments', clerk, {
      socialWorkerId: uncertified,
      personRef: personRef('elder-1'),
      town: TOWN,
      department: 'eldercare',
      reason: 'Monthly visits for an elder living alone.',
    });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'socialWorkerId', rule: 'certified' })]);
    expect(await rows(`SELECT 1 FROM assignment`)).toHaveLength(0);
    expect(await rows(`SELECT 1 FROM outbox_message WHERE topic LIKE '%social-worker'`)).toHaveLength(0);
  });

  it('takes an overdue elder visit from eldercare, gives it to the assigned worker, and reports the completed visit back', async () => {
    const elder = personRef('elder-2');
    const assigned = await g.call('POST', '/api/v1/assignments', clerk, {
      socialWorkerId: certified,
      personRef: elder,
      town: TOWN,
      department: 'eldercare',
      reason: 'Monthly visits for an elder living alone.',
    });
    expect(assigned.status).toBe(201);
    await awaitEvent(g.topics.topic(Topics.GovernanceSocialWorker), (r) =>
      r.value!.includes(assigned.body.assignmentId),
    );

    const today = await g.today();
    const request = await publishEvent(g.topics, VisitOverdueV1, {
      elderId: 'elder-000512',
      personRef: elder,
      town: TOWN,
      dueDate: today,
      daysOverdue: 1,
    });
    const [task] = await waitForRows<{ task_id: string }>(
      g.schema.url,
      `SELECT task_id FROM visit_task WHERE cause_event_id = $1`,
      [request.id],
    );
    // eldercare repeats the signal daily until someone visits: no second task while this one is open
    const repeat = await publishEvent(g.topics, VisitOverdueV1, {
      elderId: 'elder-000512',
      personRef: elder,
      town: TOWN,
      dueDate: today,
      daysOverdue: 2,
    });
    await waitForRows(g.schema.url, `SELECT 1 FROM inbox_message WHERE event_id = $1`, [repeat.id]);

    const view = await g.call('GET', `/api/v1/visit-tasks/${task.task_id}`, clerk);
    expect(view.body).toMatchObject({
      status: 'scheduled',
      socialWorkerId: certified,
      requestedBy: 'eldercare',
      kind: 'elder-visit',
    });
    expect(view.body.dueDate > today).toBe(true);

    const leak = await g.call('POST', `/api/v1/visit-tasks/${task.task_id}/completion`, clerk, {
      outcome: 'done',
      findings: 'Met 11010519491231002X at home.',
    });
    expect(leak.status).toBe(400);
    expect(leak.body.errors).toEqual([expect.objectContaining({ field: 'findings', rule: 'noIdNumber' })]);
    expect(JSON.stringify(leak.body)).not.toContain('11010519491231002X');

    const done = await g.call('POST', `/api/v1/visit-tasks/${task.task_id}/completion`, clerk, {
      outcome: 'needs-follow-up',
      findings: 'Stairs unsafe; referred for age-friendly adaptation.',
    });
    expect(done.status).toBe(200);
    const back = await awaitEvent(g.topics.topic(Topics.GovernanceVisitTask), (r) => r.value!.includes(task.task_id));
    const e = JSON.parse(back.value!) as EventEnvelope<VisitTaskCompletedV1Payload>;
    expect(e.type).toBe('governance.visit-task.completed');
    expect(e.data).toMatchObject({
      requestedBy: 'eldercare',
      requestRef: 'elder-000512',
      personRef: elder,
      socialWorkerId: certified,
      outcome: 'needs-follow-up',
      completedOn: today,
    });
    expect(await rows(`SELECT 1 FROM visit_task WHERE request_ref = 'elder-000512'`)).toHaveLength(1);
  });

  it('escalates a child visit not made by its due date once, and cancels open visits of a person who died', async () => {
    const child = personRef('child-1');
    const now = new Date().toISOString();
    const report = await publishEvent(g.topics, ProtectionReportFiledV1, {
      reportId: 'rep-0001',
      personRef: child,
      town: TOWN,
      reportedAt: now,
      reporterKind: 'school',
      concern: 'neglect',
      urgency: 'normal',
      responseDueAt: now,
    });
    const [task] = await waitForRows<{ task_id: string; status: string }>(
      g.schema.url,
      `SELECT task_id, status FROM visit_task WHERE cause_event_id = $1`,
      [report.id],
    );
    expect(task.status).toBe('open');
    expect((await g.call('POST', '/api/v1/visit-tasks/escalation-scan', supervisor)).body.escalated).toBe(0);

    await g.moveClock({ advanceDays: 3 });
    const scan = await g.call('POST', '/api/v1/visit-tasks/escalation-scan', supervisor);
    expect(scan.body.escalated).toBe(1);
    const esc = await awaitEvent(
      g.topics.topic(Topics.GovernanceVisitTask),
      (r) => r.value!.includes(task.task_id) && r.value!.includes('escalated'),
    );
    expect(JSON.parse(esc.value!).data).toMatchObject({ requestedBy: 'child-welfare', requestRef: 'rep-0001' });
    expect((await g.call('POST', '/api/v1/visit-tasks/escalation-scan', supervisor)).body.escalated).toBe(0);

    await publishEvent(g.topics, DeathRecordedV1, {
      recordId: 'death-0001',
      personRef: child,
      maskedId: '442000********123X',
      deathDate: await g.today(),
      status: 'informal',
    });
    await waitForRows(g.schema.url, `SELECT 1 FROM visit_task WHERE task_id = $1 AND status = 'cancelled'`, [
      task.task_id,
    ]);
    // a request that arrives after the death (another topic, another order) sends nobody
    const late = await publishEvent(g.topics, ProtectionReportFiledV1, {
      reportId: 'rep-0002',
      personRef: child,
      town: TOWN,
      reportedAt: now,
      reporterKind: 'public',
      concern: 'neglect',
      urgency: 'normal',
      responseDueAt: now,
    });
    await waitForRows(g.schema.url, `SELECT 1 FROM inbox_message WHERE event_id = $1`, [late.id]);
    expect(await rows(`SELECT 1 FROM visit_task WHERE cause_event_id = $1`, [late.id])).toHaveLength(0);
  });

  it('measures social-work coverage of people in hardship from approved assistance cases', async () => {
    const covered = personRef('elder-2'); // assigned above
    const uncovered = personRef('dibao-1');
    const approved = (p: string, caseId: string) =>
      publishEvent(g.topics, CaseApprovedV1, {
        caseId,
        householdId: `hh-${caseId}`,
        personRef: p,
        programme: 'dibao' as const,
        town: TOWN,
        approvedOn: '2026-01-05',
        actor: { userId: 'approver-1', duty: 'approver' as const },
        monthlyAmountFen: 110_000,
        effectiveFrom: '2026-02-01',
      });
    const events = [await approved(covered, 'case-1'), await approved(uncovered, 'case-2')];
    await waitForRows(
      g.schema.url,
      `SELECT 1 FROM inbox_message WHERE event_id = ANY($1)`,
      [events.map((e) => e.id)],
      2,
    );
    const half = await g.call('GET', '/api/v1/hardship/coverage', clerk);
    expect(half.body).toMatchObject({ people: 2, covered: 1, rate: 0.5 });

    await g.call('POST', '/api/v1/assignments', clerk, {
      socialWorkerId: certified,
      personRef: uncovered,
      town: TOWN,
      department: 'assistance',
      reason: 'Support for a dibao household.',
    });
    expect((await g.call('GET', '/api/v1/hardship/coverage', clerk)).body).toMatchObject({
      people: 2,
      covered: 2,
      rate: 1,
    });
  });

  it('shows a user limited to another town none of this town’s tasks, workers or assignments', async () => {
    const elsewhere = await g.token('clerk-2', ['governance:clerk'], ['442000101']);
    const tasks = await g.call('GET', '/api/v1/visit-tasks', elsewhere);
    expect(tasks.status).toBe(200);
    expect(tasks.body.total).toBe(0);
    expect((await g.call('GET', '/api/v1/visit-tasks', clerk)).body.total).toBeGreaterThan(0);
    expect((await g.call('GET', `/api/v1/social-workers/${certified}`, elsewhere)).status).toBe(403);
    expect((await g.call('GET', '/api/v1/assignments', elsewhere)).body.total).toBe(0);
  });
});
