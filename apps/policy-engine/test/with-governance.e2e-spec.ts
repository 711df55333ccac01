import { EventEnvelope, Topics, VisitOverdueV1, VisitTaskCompletedV1Payload } from '@civic/contracts';
import { deleteTopics, ensureTopics } from '@civic/messaging';
import { Role, signDevTokenFor } from '@civic/platform';
import { awaitEvent, readClock, ServiceProcess, startServiceProcess, waitFor, withClient } from '@civic/testing';
import { randomBytes } from 'node:crypto';
import { consumedTopics } from '../src/consumer/policy-events.transport';
import { EngineFixture, ref, startEngine } from './policy-engine.fixture';

jest.setTimeout(240_000);

const TOWN = '442000100';

// Governance runs as its own process, started the way scripts/start.sh starts it, on its own schema
// and the engine's topic prefix. Eldercare is being built in parallel: the test publishes its
// eldercare.visit.overdue onto Kafka as eldercare would, and reads governance's report back from
// the topic as eldercare would; the engine sees the visit only through governance's outbox.
describe('policy engine with the governance service', () => {
  let engine: EngineFixture;
  let governance: ServiceProcess | undefined;
  let extraTopics: string[] = [];
  let base: string;
  const secret = randomBytes(32).toString('hex');
  const token = (sub: string, roles: Role[]) =>
    signDevTokenFor({ NODE_ENV: 'test', JWT_SECRET: secret }, { sub, roles });
  const call = async (path: string, tok: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${tok}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };

  beforeAll(async () => {
    engine = await startEngine('pe_gov');
    // governance's own topics the engine does not read: created here so the suite can drop them
    const consumed = new Set(consumedTopics());
    extraTopics = await ensureTopics(
      engine.topics.connection,
      [Topics.GovernanceDivision, Topics.GovernanceSocialOrganisation, Topics.GovernanceVisitTask].filter(
        (t) => !consumed.has(t),
      ),
      { partitions: 1 },
    );
    governance = await startServiceProcess({
      app: 'governance',
      schemaPrefix: 'pe_gov_governance',
      topicPrefix: engine.topics.prefix,
      jwtSecret: secret,
      env: { OVERDUE_SCAN_INTERVAL_MS: '0' },
    });
    base = governance.baseUrl;
  });
  afterAll(async () => {
    await governance?.stop();
    if (extraTopics.length) await deleteTopics(engine.topics.connection, extraTopics);
    await engine?.close();
  });

  it('a visit eldercare asks for is given to the assigned social worker, completed, reported back and seen by the engine', async () => {
    const [clerk, supervisor] = await Promise.all([
      token('clerk-1', ['governance:clerk']),
      token('sup-1', ['governance:supervisor']),
    ]);
    const step = async (path: string, tok: string, body: unknown) => {
      const res = await call(path, tok, body);
      if (res.status !== 200 && res.status !== 201)
        throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const elder = ref();
    const station = await step('/api/v1/stations', supervisor, { kind: 'station', town: TOWN, name: 'Town station' });
    const worker = await step('/api/v1/social-workers', clerk, {
      name: 'Worker A',
      stationId: station.stationId,
      certificateNumber: 'SW-2021-0001',
      certificateLevel: 'intermediate',
    });
    await step('/api/v1/assignments', clerk, {
      socialWorkerId: worker.socialWorkerId,
      personRef: elder,
      town: TOWN,
      department: 'eldercare',
      reason: 'Monthly visits for an elder living alone.',
    });

    const today = (await readClock({ baseUrl: base, token: await token('clock', ['governance:admin']) })).today;
    await engine.publish(VisitOverdueV1, {
      elderId: 'elder-0042',
      personRef: elder,
      town: TOWN,
      dueDate: today,
      daysOverdue: 1,
    });
    const task = await waitFor(
      'the visit task in governance',
      async () => (await call(`/api/v1/visit-tasks?personRef=${encodeURIComponent(elder)}`, clerk)).body.items?.[0],
      60_000,
      250,
    );
    expect(task).toMatchObject({
      status: 'scheduled',
      socialWorkerId: worker.socialWorkerId,
      requestRef: 'elder-0042',
    });

    await step(`/api/v1/visit-tasks/${task.taskId}/completion`, clerk, {
      outcome: 'done',
      findings: 'Well; fridge stocked; next visit as planned.',
    });
    const reported = await awaitEvent(
      engine.topics.topic(Topics.GovernanceVisitTask),
      (r) => (r.json as EventEnvelope)?.type === 'governance.visit-task.completed' && r.value!.includes(task.taskId),
      60_000,
    );
    expect((reported.json as EventEnvelope<VisitTaskCompletedV1Payload>).data).toMatchObject({
      requestedBy: 'eldercare',
      requestRef: 'elder-0042',
      personRef: elder,
      outcome: 'done',
      completedOn: today,
    });
    const view = await waitFor(
      "the visit in the engine's person view",
      async () => {
        const [row] = await withClient(
          engine.schema.url,
          async (c) => (await c.query(`SELECT attrs FROM pe_person WHERE person_ref = $1`, [elder])).rows,
        );
        return row?.attrs?.lastVisitOn ? row.attrs : undefined;
      },
      60_000,
      250,
    );
    expect(view.lastVisitOn).toBe(today);
  });
});
