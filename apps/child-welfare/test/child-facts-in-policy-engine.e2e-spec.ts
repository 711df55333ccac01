import { addDays } from '@civic/calendar';
import { createEvent, DeathRecordedV1, EventEnvelope, Sources, toKafkaRecord, Topics } from '@civic/contracts';
import { maskResidentId } from '@civic/identity';
import { Role, signDevTokenFor } from '@civic/platform';
import {
  FreshTopics,
  freshTopics,
  moveClocks,
  produceRaw,
  residentIdNumber,
  ServiceProcess,
  startPolicyEngineProcess,
  startServiceProcess,
  TEST_TOWN,
  TEST_VILLAGE,
  waitFor,
  withClient,
} from '@civic/testing';
import { randomBytes } from 'node:crypto';

jest.setTimeout(300_000);

// Child welfare and the policy engine each run as their own process, started the way scripts/start.sh
// starts them, on their own schemas and one topic prefix: child welfare's allowance and mandatory-report
// events reach the engine's person view only through child welfare's outbox, relay and the real broker.
// The data hub's death records are published straight onto Kafka as the hub gateway would publish them.
describe('child welfare’s allowance and protection-report events in the policy engine’s person view', () => {
  let topics: FreshTopics;
  let cw: ServiceProcess | undefined;
  let engine: ServiceProcess | undefined;
  const secret = randomBytes(32).toString('hex');
  const token = (sub: string, roles: Role[]) =>
    signDevTokenFor({ NODE_ENV: 'test', JWT_SECRET: secret }, { sub, roles });
  const call = async (method: string, path: string, tok: string, body?: unknown) => {
    const res = await fetch(`${cw!.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const engineRows = <R = Record<string, any>>(text: string, params: unknown[]) =>
    withClient(engine!.schema.url, async (c) => (await c.query(text, params)).rows as R[]);
  const allowanceInEngine = (personRef: string) =>
    engineRows(
      `SELECT attrs FROM pe_programme WHERE person_ref = $1 AND department = 'child-welfare' AND programme = 'basic-living-allowance'`,
      [personRef],
    ).then((r) => r[0]?.attrs);
  const publishHub = async (event: EventEnvelope) => {
    const topic = topics.topic(Topics.HubLifeEvent);
    const { key, value, headers } = toKafkaRecord(event, topic);
    await produceRaw(topic, [{ key, value, headers }]);
  };

  beforeAll(async () => {
    topics = await freshTopics('cw_pv', [...new Set(Object.values(Topics))], 1);
    [cw, engine] = await Promise.all([
      startServiceProcess({
        app: 'child-welfare',
        schemaPrefix: 'cw_pv_cw',
        topicPrefix: topics.prefix,
        jwtSecret: secret,
        env: { DEADLINE_SCAN_INTERVAL_MS: '0' },
      }),
      startPolicyEngineProcess('cw_pv_engine', topics.prefix, secret),
    ]);
  });
  afterAll(async () => {
    await cw?.stop();
    await engine?.stop();
    await topics?.drop();
  });

  it('the allowance ends in the engine when the child dies and comes back with the revocation; a report and its escalation reach the child’s facts', async () => {
    const [clerk, approver, supervisor, admin] = await Promise.all([
      token('clerk', ['child-welfare:clerk']),
      token('approver', ['child-welfare:approver']),
      token('supervisor', ['child-welfare:supervisor']),
      token('clock-admin', ['child-welfare:admin']),
    ]);
    const childId = residentIdNumber('2014-10-10', 801);
    const registered = await call('POST', '/api/v1/children', clerk, {
      idNumber: childId,
      town: TEST_TOWN,
      village: TEST_VILLAGE,
      careMode: 'institution',
      mother: { idNumber: residentIdNumber('1985-01-01', 802), situations: ['dead'] },
      father: { idNumber: residentIdNumber('1983-02-02', 803), situations: ['dead'] },
    });
    expect(registered.status).toBe(201);
    const child = registered.body;
    const approved = await call('POST', `/api/v1/children/${child.childId}/allowances/approval`, approver);
    expect(approved.body.status).toBe('active');

    const enrolled = await waitFor(
      'the allowance enrolled in the engine',
      async () =>
        (await allowanceInEngine(child.personRef))?.status === 'enrolled'
          ? allowanceInEngine(child.personRef)
          : undefined,
      120_000,
      250,
    );
    expect(enrolled).toMatchObject({ monthlyAmountFen: approved.body.monthlyAmountFen, to: null });

    // the child's death: child welfare stops the grant, the engine reads allowance-stopped and ends the allowance
    const today = (await call('GET', `/api/v1/children/${child.childId}`, clerk)).body.categoryFrom as string;
    const hub = { personRef: child.personRef, maskedId: maskResidentId(childId), deathDate: today };
    await publishHub(
      createEvent(DeathRecordedV1, { ...hub, recordId: 'hub-d-1', status: 'formal' }, { source: Sources.hub }),
    );
    const ended = await waitFor(
      'the allowance ended in the engine',
      async () =>
        (await allowanceInEngine(child.personRef))?.status === 'ended' ? allowanceInEngine(child.personRef) : undefined,
      60_000,
      250,
    );
    expect(ended).toMatchObject({ to: today });
    // the category programme stays as the category events left it (the death itself stops every rule)
    const [orphan] = await engineRows(
      `SELECT attrs FROM pe_programme WHERE person_ref = $1 AND department = 'child-welfare' AND programme = 'orphan'`,
      [child.personRef],
    );
    expect(orphan.attrs.status).toBe('enrolled');

    // the record is revoked: child welfare restores the grant, the engine sees it enrolled again
    await publishHub(
      createEvent(
        DeathRecordedV1,
        { ...hub, recordId: 'hub-d-1-rev', status: 'revoked', revokesRecordId: 'hub-d-1' },
        { source: Sources.hub },
      ),
    );
    await waitFor(
      'the allowance enrolled again in the engine',
      async () => ((await allowanceInEngine(child.personRef))?.status === 'enrolled' ? true : undefined),
      60_000,
      250,
    );
    expect(await allowanceInEngine(child.personRef)).toMatchObject({ to: null, from: enrolled.from });

    // a mandatory report about the child, left unanswered past its deadline
    const report = await call('POST', '/api/v1/protection-reports', clerk, {
      childIdNumber: childId,
      town: TEST_TOWN,
      location: 'Village school, grade 3',
      reporterKind: 'school',
      reporter: 'Class teacher',
      concern: 'neglect',
      urgency: 'emergency',
    });
    expect(report.status).toBe(201);
    const facts = async () =>
      (await engineRows(`SELECT attrs FROM pe_person WHERE person_ref = $1`, [child.personRef]))[0]?.attrs ?? {};
    const filed = await waitFor(
      'the report in the engine’s view',
      async () => ((await facts()).protectionReportId === report.body.reportId ? facts() : undefined),
      60_000,
      250,
    );
    expect(filed).toMatchObject({
      protectionReportConcern: 'neglect',
      protectionReportUrgency: 'emergency',
      protectionReportEscalatedAt: null,
    });
    await moveClocks([{ baseUrl: cw!.baseUrl, token: admin }], { at: `${addDays(today, 2)}T09:00:00+08:00` });
    const run = await call('POST', '/api/v1/deadline-runs', supervisor);
    expect(run.body.escalatedReports).toEqual([report.body.reportId]);
    const escalated = await waitFor(
      'the escalation in the engine’s view',
      async () => ((await facts()).protectionReportEscalatedAt ? facts() : undefined),
      60_000,
      250,
    );
    expect(escalated.protectionReportId).toBe(report.body.reportId);
  });
});
