import { EventEnvelope, Topics, VisitOverdueV1, VisitTaskCompletedV1Payload } from '@civic/contracts';
import { deleteTopics, ensureTopics } from '@civic/messaging';
import { Role, signDevToken } from '@civic/platform';
import { awaitEvent, freshSchema, readClock, waitFor, withClient } from '@civic/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
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
  let governance: ChildProcess | undefined;
  let schema: Awaited<ReturnType<typeof freshSchema>>;
  let extraTopics: string[] = [];
  let base: string;
  const secret = randomBytes(32).toString('hex');
  const token = (sub: string, roles: Role[]) =>
    signDevToken(
      {
        NODE_ENV: 'test',
        JWT_SECRET: secret,
        JWT_ALGORITHM: 'EdDSA',
        JWT_ISSUER: 'civic-dev-issuer',
        JWT_AUDIENCE: 'civic-platform',
      },
      { sub, roles },
    );
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
    schema = await freshSchema('pe_gov_governance');
    // governance's own topics the engine does not read: created here so the suite can drop them
    const consumed = new Set(consumedTopics());
    extraTopics = await ensureTopics(
      engine.topics.connection,
      [Topics.GovernanceDivision, Topics.GovernanceSocialOrganisation, Topics.GovernanceVisitTask].filter(
        (t) => !consumed.has(t),
      ),
      { partitions: 1 },
    );
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    base = `http://127.0.0.1:${port}`;
    const root = join(__dirname, '..', '..', '..');
    governance = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/governance/src/main.ts'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: schema.url,
        DATABASE_SCHEMA: schema.schema,
        TOPIC_PREFIX: engine.topics.prefix,
        JWT_SECRET: secret,
        RELAY_POLL_INTERVAL_MS: '50',
        OVERDUE_SCAN_INTERVAL_MS: '0',
        LOG_LEVEL: 'error',
      },
    });
    await waitFor(
      'governance to be ready',
      async () => ((await fetch(`${base}/health/ready`).catch(() => undefined))?.status === 200 ? true : undefined),
      120_000,
      500,
    );
  });
  afterAll(async () => {
    if (governance && governance.exitCode === null) {
      const exited = new Promise((r) => governance!.once('exit', r));
      governance.kill('SIGTERM');
      await exited;
    }
    await schema?.drop();
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
