import { AbsenceRecordedV1, DeathRecordedV1, EventEnvelope, ImprisonedV1 } from '@civic/contracts';
import { Role, signDevTokenFor } from '@civic/platform';
import { addDays } from '@civic/calendar';
import { loadParameters } from '@civic/policy-params';
import {
  awaitEvent,
  householdBody,
  memberBody,
  moveClocks,
  readClock,
  residentIdNumber,
  ServiceProcess,
  startServiceProcess,
  TEST_TOWN,
  TEST_VILLAGE,
  waitFor,
  withClient,
} from '@civic/testing';
import { randomBytes } from 'node:crypto';
import { EngineFixture, startEngine } from './policy-engine.fixture';

jest.setTimeout(240_000);

// Both services run — social assistance as its own process, started the way scripts/start.sh
// starts it — each on its own schema, sharing one topic prefix: household and case events reach
// the engine only through social assistance's outbox, relay and the real broker.
describe('policy engine with the social assistance service', () => {
  let engine: EngineFixture;
  let assistance: ServiceProcess | undefined;
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
    engine = await startEngine('pe_sa');
    assistance = await startServiceProcess({
      app: 'social-assistance',
      schemaPrefix: 'pe_sa_assist',
      topicPrefix: engine.topics.prefix,
      jwtSecret: secret,
      env: { OVERDUE_SCAN_INTERVAL_MS: '0' },
    });
    base = assistance.baseUrl;
  });
  afterAll(async () => {
    await assistance?.stop();
    await engine?.close();
  });

  it('raises a dibao alert for a low-income household registered in social assistance, and closes it as enrolled when the case is approved', async () => {
    const [clerk, reviewer, approver] = await Promise.all([
      token('clerk-1', ['assistance:clerk']),
      token('reviewer-1', ['assistance:reviewer']),
      token('approver-1', ['assistance:approver']),
    ]);
    // two members, 600 yuan of wages: 300 yuan per person, far under the dibao standard
    const registered = await call(
      '/api/v1/households',
      clerk,
      householdBody([residentIdNumber('1979-05-06', 31), residentIdNumber('2011-02-03', 42)]),
    );
    expect(registered.status).toBe(201);
    const householdId: string = registered.body.householdId;

    const alertOf = () =>
      withClient(
        engine.schema.url,
        async (c) =>
          (
            await c.query(
              `SELECT id, status, outcome, case_id, person_ref FROM pe_alert WHERE household_id = $1 AND rule_id = 'dibao-income-below-standard'`,
              [householdId],
            )
          ).rows,
      );
    const [open] = await waitFor(
      'the dibao alert',
      async () => ((await alertOf()).length ? alertOf() : undefined),
      120_000,
      250,
    );
    expect(open.status).toBe('open');
    // social assistance publishes v2 of the household events: the view holds the area and the exact income
    const [view] = await withClient(
      engine.schema.url,
      async (c) => (await c.query(`SELECT attrs FROM pe_household WHERE household_id = $1`, [householdId])).rows,
    );
    expect(view.attrs).toMatchObject({
      standardArea: 'urban',
      annualIncomeFen: 720000,
      perCapitaMonthlyIncomeFen: 30000,
    });

    // both processes keep their own business clock; the test moves them together
    const clocks = [
      { baseUrl: base, token: await token('clock-admin', ['assistance:admin']) },
      { app: engine.app, token: await engine.token(['policy:admin']) },
    ];
    const today = (await readClock(clocks[0])).today;
    const step = async (path: string, tok: string, body: unknown = {}) => {
      const res = await call(path, tok, body);
      if (res.status !== 200 && res.status !== 201)
        throw new Error(`${path} answered ${res.status}: ${JSON.stringify(res.body)}`);
      return res.body;
    };
    const caseId: string = (await step('/api/v1/cases', clerk, { householdId, programme: 'dibao' })).caseId;
    await step(`/api/v1/cases/${caseId}/accept`, clerk);
    await step(`/api/v1/cases/${caseId}/start-investigation`, clerk);
    await step(`/api/v1/cases/${caseId}/findings`, clerk, {
      homeVisitOn: today,
      financialCheckOn: today,
      summary: 'income and assets as declared',
    });
    await step(`/api/v1/cases/${caseId}/review`, reviewer, { reason: 'per-capita income below the standard' });
    const notice = await step(`/api/v1/cases/${caseId}/publicise`, clerk, {});
    // still open while the case is under way: only the approval enrols
    expect((await alertOf())[0].status).toBe('open');
    const days = Number(loadParameters().valueAt('assistance.publicity.days', notice.publicity.startsOn).value);
    await moveClocks(clocks, { advanceDays: days });
    await step(`/api/v1/cases/${caseId}/approve`, approver, { reason: 'approved after notice without objection' });

    const [closed] = await waitFor(
      'the alert to close as enrolled',
      async () => {
        const rows = await alertOf();
        return rows[0]?.status === 'enrolled' ? rows : undefined;
      },
      120_000,
      250,
    );
    expect(closed).toMatchObject({ id: open.id, outcome: 'enrolled', case_id: caseId });
    const resolved = await awaitEvent(
      engine.topics.topic('policy.alert'),
      (r) =>
        (r.json as EventEnvelope)?.type === 'policy.alert.resolved' &&
        (r.json as EventEnvelope<{ alertId: string }>).data.alertId === open.id,
      60_000,
    );
    expect(resolved.json).toMatchObject({ data: { outcome: 'enrolled', caseId, personRef: open.person_ref } });
  });

  describe('family links from the household (a child with no hub birth record)', () => {
    const id = residentIdNumber;
    const member = (idNumber: string, relation: string, extra: Record<string, unknown> = {}) =>
      memberBody(idNumber, { relation, ...extra });
    let seq = 100;
    // father (head, odd sequence: male), mother (spouse, even: female), a 10-year-old child
    const family = async () => {
      seq += 10;
      const clerk = await token('clerk-1', ['assistance:clerk']);
      const res = await call('/api/v1/households', clerk, {
        town: TEST_TOWN,
        village: TEST_VILLAGE,
        standardArea: 'urban',
        members: [
          member(id('1980-01-01', seq + 1), 'applicant', {
            incomes: [{ source: 'wages', period: 'monthly', amountFen: 300000 }],
          }),
          member(id('1982-02-02', seq + 2), 'spouse'),
          member(id('2015-03-03', seq + 3), 'child', { labourCapacity: 'none', schooling: 'primary' }),
        ],
        assets: { financialAssetsFen: 100000, vehicles: 0, extraHousingUnits: 0, dangerousHouse: false },
      });
      expect(res.status).toBe(201);
      const [father, mother, child] = res.body.members as { personRef: string; maskedId: string }[];
      // the household's events have reached the engine: the child is linked to both, from the household
      const links = await waitFor(
        'household parent links',
        async () => {
          const rows = await withClient(
            engine.schema.url,
            async (c) =>
              (
                await c.query(`SELECT role, parent_ref, source FROM pe_parent WHERE child_ref = $1 ORDER BY role`, [
                  child.personRef,
                ])
              ).rows,
          );
          return rows.length === 2 ? rows : undefined;
        },
        120_000,
        250,
      );
      expect(links).toEqual([
        { role: 'father', parent_ref: father.personRef, source: 'household' },
        { role: 'mother', parent_ref: mother.personRef, source: 'household' },
      ]);
      return { father, mother, child };
    };
    const died = async (p: { personRef: string; maskedId: string }, recordId: string) =>
      engine.publish(DeathRecordedV1, {
        recordId,
        personRef: p.personRef,
        maskedId: p.maskedId,
        deathDate: await daysBefore(30),
        status: 'formal',
      });
    // dates relative to the engine's business clock (an earlier test moved it)
    const daysBefore = async (n: number) =>
      addDays((await readClock({ app: engine.app, token: await engine.token(['policy:admin']) })).today, -n);
    const alertFor = (personRef: string, rule: string) =>
      waitFor(
        `${rule} alert`,
        async () =>
          (
            await withClient(engine.schema.url, (c) =>
              c.query(`SELECT status FROM pe_alert WHERE person_ref = $1 AND rule_id = $2`, [personRef, rule]),
            )
          ).rows[0],
        120_000,
        250,
      );

    it('a dead father and an imprisoned mother: de-facto-unsupported-child alert for the child', async () => {
      const { father, mother, child } = await family();
      await died(father, 'pe-hh-death-1');
      await engine.publish(ImprisonedV1, {
        recordId: 'pe-hh-prison-1',
        personRef: mother.personRef,
        maskedId: mother.maskedId,
        fromDate: await daysBefore(10),
      });
      expect(await alertFor(child.personRef, 'de-facto-unsupported-child')).toEqual({ status: 'open' });
    });

    it('a dead father and a mother recorded missing through the new absence event: the same alert', async () => {
      const { father, mother, child } = await family();
      await died(father, 'pe-hh-death-2');
      await engine.publish(AbsenceRecordedV1, {
        recordId: 'pe-hh-missing-2',
        personRef: mother.personRef,
        maskedId: mother.maskedId,
        reason: 'missing',
        fromDate: await daysBefore(10),
      });
      expect(await alertFor(child.personRef, 'de-facto-unsupported-child')).toEqual({ status: 'open' });
    });

    it('both parents dead: orphan-child alert for the child', async () => {
      const { father, mother, child } = await family();
      await died(father, 'pe-hh-death-3f');
      await died(mother, 'pe-hh-death-3m');
      expect(await alertFor(child.personRef, 'orphan-child')).toEqual({ status: 'open' });
    });
  });
});
