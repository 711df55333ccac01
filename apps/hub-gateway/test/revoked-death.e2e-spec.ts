import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Topics } from '@civic/contracts';
import { deadLetterTopic, deleteTopics, physicalTopic } from '@civic/messaging';
import { signDevToken } from '@civic/platform';
import { loadParameters } from '@civic/policy-params';
import {
  freshSchema,
  householdBody,
  moveClocks,
  readClock,
  residentIdNumber,
  waitFor,
  withClient,
} from '@civic/testing';
import { todayInShanghai } from '@civic/calendar';
import { HubTestKit, startHubGateway, TestSender } from './hub-test-kit';

// Cross-service: the real social-assistance service (started as its own process, as in
// production, so no app imports another) consumes the death records this gateway publishes.
// informal death → the case is suspended; revocation → reinstated with the arrears paid.

const root = join(__dirname, '..', '..', '..');

describe('hub gateway → social assistance: a revoked death reinstates payments', () => {
  let kit: HubTestKit;
  let hub: TestSender;
  let sa: ChildProcess;
  let saUrl: string;
  let saSchema: Awaited<ReturnType<typeof freshSchema>>;
  let clerk: string;
  let output = '';
  const applicantId = residentIdNumber('1970-03-04', 100 + (Date.now() % 800));

  const saCall = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${saUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const saSql = (sql: string, params: unknown[] = []) =>
    withClient(saSchema.url, async (c) => (await c.query(sql, params)).rows);
  const caseStatus = (id: string, status: string) =>
    waitFor(
      `case ${id} ${status}`,
      async () => ((await saCall('GET', `/api/v1/cases/${id}`, clerk)).body.status === status ? true : undefined),
      90_000,
      250,
    );

  beforeAll(async () => {
    kit = await startHubGateway('hubxsa');
    hub = await kit.sender('zs-data-hub');
    saSchema = await freshSchema('hubxsa_sa');
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: process.env.DATABASE_URL as string,
      DATABASE_SCHEMA: saSchema.schema,
      DATABASE_POOL_SIZE: '4',
      KAFKA_BROKERS: process.env.KAFKA_BROKERS as string,
      TOPIC_PREFIX: kit.topics.prefix,
      JWT_SECRET: kit.env.JWT_SECRET,
      // the same personRef key ring as the gateway: both derive one pseudonym per person
      PERSON_REF_KEYS: kit.env.PERSON_REF_KEYS,
      ID_ENCRYPTION_KEYS: JSON.stringify({ current: 's1', keys: { s1: `hex:${randomBytes(32).toString('hex')}` } }),
      RELAY_POLL_INTERVAL_MS: '50',
      LOG_LEVEL: 'warn',
      SWC_NODE_PROJECT: 'tsconfig.json',
    };
    sa = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/social-assistance/src/main.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    sa.stdout?.on('data', (d) => (output += d));
    sa.stderr?.on('data', (d) => (output += d));
    saUrl = await waitFor(
      'social-assistance listening',
      async () => /listening on (http:\/\/[^\s"]+)/.exec(output)?.[1],
      120_000,
      200,
    );
    await waitFor(
      'social-assistance ready',
      async () => ((await fetch(`${saUrl}/health/ready`)).status === 200 ? true : undefined),
      120_000,
      500,
    );
    const settings = {
      NODE_ENV: 'test' as const,
      JWT_SECRET: kit.env.JWT_SECRET,
      JWT_ALGORITHM: 'EdDSA' as const,
      JWT_ISSUER: 'civic-dev-issuer',
      JWT_AUDIENCE: 'civic-platform',
    };
    clerk = await signDevToken(settings, { sub: 'clerk-1', roles: ['assistance:clerk'] });
  });

  afterAll(async () => {
    if (sa && sa.exitCode === null) {
      const exited = new Promise((resolve) => sa.once('exit', resolve));
      sa.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
      if (sa.exitCode === null) sa.kill('SIGKILL');
    }
    sa?.stdout?.destroy();
    sa?.stderr?.destroy();
    await saSchema?.drop();
    if (kit) {
      // topics social-assistance created for itself under this suite's prefix, deleted after kit.close()
      // has read every topic of the prefix back for the contract test
      const extra = [Topics.AssistancePayment, Topics.AssistanceTemporaryAssistance, Topics.PolicyParameter].map((t) =>
        physicalTopic(kit.topics.prefix, t),
      );
      await kit.close();
      await deleteTopics(kit.topics.connection, [...extra, ...extra.map(deadLetterTopic)]).catch(() => undefined);
    }
  });

  it('informal death suspends the case; the revocation through the gateway reinstates it and pays the arrears', async () => {
    const settings = {
      NODE_ENV: 'test' as const,
      JWT_SECRET: kit.env.JWT_SECRET,
      JWT_ALGORITHM: 'EdDSA' as const,
      JWT_ISSUER: 'civic-dev-issuer',
      JWT_AUDIENCE: 'civic-platform',
    };
    const token = (sub: string, role: string) => signDevToken(settings, { sub, roles: [role as never] });
    const [reviewer, approver, disburser] = await Promise.all([
      token('reviewer-1', 'assistance:reviewer'),
      token('approver-1', 'assistance:approver'),
      token('disburser-1', 'assistance:disburser'),
    ]);
    const hh = await saCall(
      'POST',
      '/api/v1/households',
      clerk,
      householdBody([applicantId, residentIdNumber('2012-05-06', 100 + (Date.now() % 800))]),
    );
    expect(hh.status).toBe(201);
    // the case is worked on social assistance's clock, started a notice period ago and reset to
    // the present (system time, which the hub's records use) once the notice has run
    const saClock = [{ baseUrl: saUrl, token: await token('clock-admin', 'assistance:admin') }];
    const noticeDays = Number(loadParameters().valueAt('assistance.publicity.days', todayInShanghai()).value);
    await moveClocks(saClock, { advanceDays: -noticeDays });
    const workDay = (await readClock(saClock[0])).today;
    const step = async (path: string, tok: string, body: unknown = {}) => {
      const res = await saCall('POST', path, tok, body);
      if (res.status !== 200 && res.status !== 201)
        throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const caseId = (await step('/api/v1/cases', clerk, { householdId: hh.body.householdId, programme: 'dibao' }))
      .caseId;
    await step(`/api/v1/cases/${caseId}/accept`, clerk);
    await step(`/api/v1/cases/${caseId}/start-investigation`, clerk);
    await step(`/api/v1/cases/${caseId}/findings`, clerk, {
      homeVisitOn: workDay,
      financialCheckOn: workDay,
      summary: 'income and assets as declared',
    });
    await step(`/api/v1/cases/${caseId}/review`, reviewer, { reason: 'per-capita income below the standard' });
    await step(`/api/v1/cases/${caseId}/publicise`, clerk, {});
    await moveClocks(saClock, 'reset');
    await step(`/api/v1/cases/${caseId}/approve`, approver, { reason: 'approved after notice without objection' });
    await step(`/api/v1/cases/${caseId}/activate`, disburser);
    // the case has been paying since two months ago, so a wrongful suspension owes arrears
    await saSql(
      `UPDATE assistance_case SET effective_from = date_trunc('month', current_date) - interval '2 months' WHERE case_id = $1`,
      [caseId],
    );

    const informal = await hub.post(
      '/life-events',
      hub.envelope('life-events', {
        transaction_id: 'tx-x1',
        records: [
          {
            recordId: 'hub-death-x1',
            recordType: 'death',
            idNumber: applicantId,
            data: { deathDate: todayInShanghai(), status: 'informal' },
          },
        ],
      }),
    );
    expect(informal.body.message.accepted_count).toBe(1);
    await caseStatus(caseId, 'suspended');
    // the gateway's own read model follows the department's events
    await waitFor(
      'hub read model suspended',
      async () =>
        (
          await withClient(kit.schemaUrl, (c) =>
            c.query(`SELECT 1 FROM rm_enrolment WHERE enrolment_id = $1 AND status = 'suspended'`, [caseId]),
          )
        ).rowCount
          ? true
          : undefined,
      60_000,
    );

    const crvs = await kit.sender('zs-crvs');
    const revoked = await crvs.post(
      '/crvs/registry/notify',
      crvs.envelope(
        'notify',
        {
          transaction_id: 'tx-x2',
          notify_event: [
            {
              reference_id: 'hub-death-x1-revoked',
              timestamp: new Date().toISOString(),
              data: {
                reg_event_type: 'event:death',
                reg_record_type: 'CRVSPerson',
                reg_records: {
                  identifier: [{ identifier_type: 'RESIDENT_ID', identifier_value: applicantId }],
                  deathDate: todayInShanghai(),
                  death_status: 'revoked',
                  revokes_reference_id: 'hub-death-x1',
                },
              },
            },
          ],
        },
        { header: { status: 'succ' } },
      ),
    );
    expect(revoked.body.message.results[0]).toMatchObject({
      status: 'accepted',
      event_type: 'hub.person.death-recorded',
    });
    await caseStatus(caseId, 'active');
    const paid = await waitFor(
      'arrears',
      async () => {
        const rows = await saSql(`SELECT month, kind, status FROM payment WHERE case_id = $1`, [caseId]);
        return rows.length ? rows : undefined;
      },
      60_000,
    );
    expect(paid).toEqual([{ month: todayInShanghai().slice(0, 7), kind: 'arrears', status: 'issued' }]);
    const [decision] = await saSql(`SELECT count(*)::int AS n FROM case_decision WHERE case_id = $1`, [caseId]);
    expect(decision.n).toBeGreaterThan(0);
    await waitFor(
      'hub read model active again',
      async () =>
        (
          await withClient(kit.schemaUrl, (c) =>
            c.query(`SELECT 1 FROM rm_enrolment WHERE enrolment_id = $1 AND status = 'active'`, [caseId]),
          )
        ).rowCount
          ? true
          : undefined,
      60_000,
    );
  });
});
