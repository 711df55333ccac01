import { allTopics, EventEnvelope, HouseholdRegisteredV1 } from '@civic/contracts';
import { createPersonRefs } from '@civic/identity';
import { signDevTokenFor } from '@civic/platform';
import {
  awaitEvent,
  FreshTopics,
  freshTopics,
  publishEvents,
  residentIdNumber,
  ServiceProcess,
  startPolicyEngineProcess,
  startServiceProcess,
  TEST_TOWN,
  TEST_VILLAGE,
  waitFor,
  withClient,
} from '@civic/testing';
import { randomBytes, randomUUID } from 'node:crypto';

jest.setTimeout(300_000);

// Charity and the policy engine each run as their own process (as scripts/start.sh starts them) on
// their own schemas and this suite's topics: the engine's alert reaches charity's referral queue, and
// the help centre's answer reaches the engine, only through the outboxes, relays and the real broker.
describe('a referral answered without aid closes the policy engine’s alert (charity and the engine as processes)', () => {
  const jwtSecret = randomBytes(32).toString('hex');
  const personRefKeys = JSON.stringify({ current: 't1', keys: { t1: `hex:${randomBytes(32).toString('hex')}` } });
  let topics: FreshTopics;
  let charity: ServiceProcess | undefined;
  let engine: ServiceProcess | undefined;

  beforeAll(async () => {
    topics = await freshTopics('ch_ref', allTopics(), 1);
    [charity, engine] = await Promise.all([
      startServiceProcess({
        app: 'charity',
        schemaPrefix: 'ch_ref_charity',
        topicPrefix: topics.prefix,
        jwtSecret,
        env: { PERSON_REF_KEYS: personRefKeys },
      }),
      startPolicyEngineProcess('ch_ref_engine', topics.prefix, jwtSecret),
    ]);
  });
  afterAll(async () => {
    await Promise.all([engine?.stop(), charity?.stop()]);
    await topics?.drop();
  });

  const token = (sub: string, roles: string[]) =>
    signDevTokenFor({ NODE_ENV: 'test', JWT_SECRET: jwtSecret }, { sub, roles: roles as never });
  const ok = async (method: 'GET' | 'POST', path: string, bearer: string, body?: unknown) => {
    const res = await fetch(`${charity!.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${bearer}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const charityAlerts = (personRef: string) =>
    withClient(
      engine!.schema.url,
      async (cl) =>
        (
          await cl.query(
            `SELECT id, status, outcome, resolution_note FROM pe_alert WHERE person_ref = $1 AND rule_id = 'charity-major-illness-referral' ORDER BY raised_at`,
            [personRef],
          )
        ).rows,
    );

  it('declined: the engine expires the alert it raised, says why, and the same spending raises none again', async () => {
    const [clerk, approver] = await Promise.all([
      token('clerk-1', ['charity:clerk']),
      token('approver-1', ['charity:approver']),
    ]);
    const idNumber = residentIdNumber('1968-02-03', 51);
    const head = createPersonRefs(JSON.parse(personRefKeys)).ref(idNumber);
    const householdId = `hh-${randomUUID().slice(0, 8)}`;
    // the household as social assistance publishes it: 1000 yuan a month for one
    await publishEvents(topics, HouseholdRegisteredV1, {
      householdId,
      town: TEST_TOWN,
      village: TEST_VILLAGE,
      hukouType: 'local',
      members: [
        {
          personRef: head,
          maskedId: '442000********5113',
          birthDate: '1968-02-03',
          sex: 'male',
          relation: 'head',
          labourCapacity: 'partial',
          seriousIllness: true,
          monthlyIncomeFen: 100000,
        },
      ],
      assets: { financialAssetsFen: 0, vehicleCount: 0, housingUnits: 1 },
      totalMonthlyIncomeFen: 100000,
      perCapitaMonthlyIncomeFen: 100000,
    });
    const o = await ok('POST', '/api/v1/organisations', clerk, {
      name: 'Red Heart Charity Federation',
      creditCode: '53442000MJL0123456',
      town: TEST_TOWN,
      registeredOn: '2021-03-15',
    });
    await ok('POST', `/api/v1/organisations/${o.organisationId}/fundraising-qualification`, approver, {
      validFrom: '2021-01-01',
      validUntil: '2099-12-31',
    });
    // 180000 yuan of declared illness cost against 12000 yuan of annual income
    await ok('POST', '/api/v1/crowdfunding', clerk, {
      organisationId: o.organisationId,
      idNumber,
      town: TEST_TOWN,
      purpose: 'major-illness',
      declaredCostFen: 18_000_000,
      targetFen: 10_000_000,
    });

    const referral = await waitFor(
      'the referral from the engine',
      async () =>
        (await ok('GET', '/api/v1/referrals?helpCentre=major-illness', clerk)).items.find(
          (r: { personRef: string }) => r.personRef === head,
        ),
      120_000,
      250,
    );
    const [raised] = await charityAlerts(head);
    expect(referral).toMatchObject({ alertId: raised.id, status: 'open' });

    await ok('POST', `/api/v1/referrals/${referral.referralId}/assign`, clerk);
    await ok('POST', `/api/v1/referrals/${referral.referralId}/outcome`, clerk, {
      outcome: 'declined',
      note: 'The family prefers to wait for the medical-insurance settlement.',
    });

    const closed = await waitFor(
      'the engine to close the charity alert',
      async () => (await charityAlerts(head)).find((a) => a.status !== 'open'),
      60_000,
      250,
    );
    expect(closed).toMatchObject({ id: raised.id, status: 'expired', outcome: 'expired' });
    expect(closed.resolution_note).toContain('no longer meets rule charity-major-illness-referral v2');
    // the expiry and any re-raise happen in the one inbox transaction: no second alert for the same spending
    expect(await charityAlerts(head)).toHaveLength(1);

    const resolved = await awaitEvent(
      topics.topic('policy.alert'),
      (r) =>
        (r.json as EventEnvelope)?.type === 'policy.alert.resolved' &&
        (r.json as EventEnvelope<{ alertId: string }>).data.alertId === raised.id,
      60_000,
    );
    expect(resolved.json).toMatchObject({
      source: '/civic/policy-engine',
      data: { outcome: 'superseded', department: 'charity', personRef: head },
    });
    const answer = await awaitEvent(
      topics.topic('charity.referral'),
      (r) => (r.json as EventEnvelope<{ referralId: string }>)?.data?.referralId === referral.referralId,
      30_000,
    );
    // the engine's alert closed because of charity's event
    expect((resolved.json as EventEnvelope).causationid).toBe((answer.json as EventEnvelope).id);
  });
});
