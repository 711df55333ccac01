import { addMonths } from '@civic/calendar';
import { allTopics, CaseApprovedV1, createEvent, EventEnvelope, Sources, toKafkaRecord } from '@civic/contracts';
import {
  FreshTopics,
  freshTopics,
  produceRaw,
  residentIdNumber,
  ServiceProcess,
  startPolicyEngineProcess,
  waitFor,
  withClient,
} from '@civic/testing';
import { EldercareApp, startEldercareApp } from './eldercare-app.fixture';

jest.setTimeout(240_000);

// The policy engine runs as its own process (started the way scripts/start.sh starts it) beside an
// eldercare instance, sharing one topic prefix: eldercare's events reach the engine, and the engine's
// alerts reach eldercare's work queue, only through the outboxes, relays and the real broker. Social
// assistance's case approval is published straight onto its topic (driving a dibao case through its
// workflow is social assistance's own suite's work); both services consume that same record.
describe('eldercare with the policy engine', () => {
  let t: EldercareApp;
  let topics: FreshTopics;
  let engine: ServiceProcess | undefined;

  beforeAll(async () => {
    topics = await freshTopics('ec_pe', allTopics(), 1);
    t = await startEldercareApp('ec_pe', {}, topics);
    engine = await startPolicyEngineProcess('ec_pe_engine', topics.prefix, t.env.JWT_SECRET);
  });
  afterAll(async () => {
    await engine?.stop();
    await t?.close();
    await topics?.drop();
  });

  it('a severely disabled elder in a dibao household gets the care-subsidy alert in the work queue; enrolled, it closes and the subsidy is paid', async () => {
    const [clerk, approver, disburser] = await Promise.all([
      t.token('clerk-1', ['eldercare:clerk']),
      t.token('approver-1', ['eldercare:approver']),
      t.token('disburser-1', ['eldercare:disburser']),
    ]);
    const today = await t.today();
    const elder = (
      await t.call('POST', '/api/v1/elders', clerk, {
        idNumber: residentIdNumber(addMonths(today, -12 * 74), 17),
        town: '442000100',
        village: '442000100001',
        livingSituation: ['with-family'],
      })
    ).body;
    expect(elder.economicStatus).toBe('none');

    // social assistance approves a dibao case for the elder's household (the elder is the applicant)
    const approved = createEvent(
      CaseApprovedV1,
      {
        caseId: 'case-ec-pe-1',
        householdId: 'hh-ec-pe-1',
        personRef: elder.personRef,
        programme: 'dibao' as const,
        town: '442000100',
        approvedOn: today,
        actor: { userId: 'sa-approver', duty: 'approver' as const },
        monthlyAmountFen: 115000,
        effectiveFrom: today,
      },
      { source: Sources.assistance },
    );
    const topic = topics.topic('assistance.case');
    const { key, value, headers } = toKafkaRecord(approved as EventEnvelope, topic);
    await produceRaw(topic, [{ key, value, headers }]);
    await waitFor('the economic status from the case', async () => {
      const e = (await t.call('GET', `/api/v1/elders/${elder.elderId}`, clerk)).body;
      return e.economicStatus === 'dibao' ? true : undefined;
    });

    const assessed = await t.call('POST', `/api/v1/elders/${elder.elderId}/assessments`, clerk, {
      assessedOn: today,
      assessor: 'asr-1',
      scores: { selfCare: 10, basicMotion: 5, mentalState: 5, perceptionAndSocial: 10 },
    });
    expect(assessed.body.level).toBe('severe');

    const queued = await waitFor(
      'the care-subsidy alert in the work queue',
      async () => {
        const page = (await t.call('GET', `/api/v1/work-queue?personRef=${encodeURIComponent(elder.personRef)}`, clerk))
          .body;
        return page.items.find((w: { ruleId: string }) => w.ruleId === 'elder-care-subsidy');
      },
      120_000,
      250,
    );
    expect(queued).toMatchObject({ status: 'open', elderId: elder.elderId, priority: 'high' });

    const grant = await t.call('POST', `/api/v1/elders/${elder.elderId}/allowances/care-subsidy`, approver);
    expect(grant.status).toBe(201);
    expect(grant.body).toMatchObject({ allowance: 'care-subsidy', monthlyAmountFen: 200000, effectiveFrom: today });
    const closed = await waitFor(
      'the work item closed as enrolled',
      async () => {
        const page = (await t.call('GET', `/api/v1/work-queue?personRef=${encodeURIComponent(elder.personRef)}`, clerk))
          .body;
        const item = page.items.find((w: { alertId: string }) => w.alertId === queued.alertId);
        return item?.status === 'closed' ? item : undefined;
      },
      120_000,
      250,
    );
    expect(closed.outcome).toBe('enrolled');

    const month = addMonths(`${today.slice(0, 7)}-01`, 1).slice(0, 7);
    const run = await t.call('POST', '/api/v1/allowance-runs', disburser, { month });
    expect(run.status).toBe(200);
    const paid = await withClient(
      t.schema.url,
      async (c) =>
        (
          await c.query(`SELECT programme, amount_fen::int AS fen FROM allowance_payment WHERE elder_id = $1`, [
            elder.elderId,
          ])
        ).rows,
    );
    expect(paid).toEqual([{ programme: 'care-subsidy', fen: 200000 }]);
    // the approver who granted it may not pay it (审批和发放分离)
    const own = await t.call('POST', '/api/v1/allowance-runs', await t.token('approver-1', ['eldercare:disburser']), {
      month,
    });
    expect(own.status).toBe(403);
    expect(own.body.rule).toBe('separation-of-duties');
  });
});
