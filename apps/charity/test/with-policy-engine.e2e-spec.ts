import { allTopics, CaseApprovedV1, EventEnvelope, HouseholdRegisteredV1 } from '@civic/contracts';
import { createPersonRefs, maskResidentId } from '@civic/identity';
import {
  awaitEvent,
  ServiceProcess,
  startPolicyEngineProcess,
  residentIdNumber,
  TEST_TOWN,
  TEST_VILLAGE,
  waitFor,
  withClient,
} from '@civic/testing';
import { randomUUID } from 'node:crypto';
import { CharityApp, startCharityApp } from './charity-app.fixture';

jest.setTimeout(240_000);

// The policy engine runs as its own process (started the way scripts/start.sh starts it) on its own
// schema, sharing the topic prefix with this charity instance: crowdfunding and aid reach the engine
// only through charity's outbox, relay and the real broker, and its alerts come back the same way.
// Social assistance is not started: its contract events (a dibao household and case) are published
// straight onto Kafka as it would publish them.
describe('charity with the policy engine as a separate process', () => {
  let c: CharityApp;
  let engine: ServiceProcess | undefined;

  beforeAll(async () => {
    c = await startCharityApp('ch_pe', {}, allTopics());
    engine = await startPolicyEngineProcess('ch_pe_engine', c.topics.prefix, c.env.JWT_SECRET);
  });
  afterAll(async () => {
    await engine?.stop();
    await c?.close();
  });

  const alertsOf = (householdOrPerson: string, ruleId: string) =>
    withClient(
      engine!.schema.url,
      async (cl) =>
        (
          await cl.query(
            `SELECT id, status, outcome, department, person_ref FROM pe_alert WHERE (household_id = $1 OR person_ref = $1) AND rule_id = $2`,
            [householdOrPerson, ruleId],
          )
        ).rows,
    );
  const waitAlert = (key: string, ruleId: string, status = 'open') =>
    waitFor(
      `${ruleId} alert in ${status}`,
      async () => (await alertsOf(key, ruleId)).find((a) => a.status === status),
      120_000,
      250,
    );

  it('crowdfunding for a dibao household member raises expenditure hardship; the charity referral is worked to aid and closes the engine’s alert', async () => {
    const ok = async (method: 'GET' | 'POST', url: string, token: string, body?: unknown) => {
      const res = await c.call(method, url, token, body);
      if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${res.raw}`);
      return res.body;
    };
    const [clerk, approver, disburser] = await Promise.all([
      c.token('clerk-1', ['charity:clerk']),
      c.token('approver-1', ['charity:approver']),
      c.token('disburser-1', ['charity:disburser']),
    ]);
    const today = (await ok('GET', '/api/v1/dev/clock', await c.token('admin', ['charity:admin']))).today;

    // the household as social assistance publishes it: 600 yuan a month for two, enrolled in dibao
    const idNumber = residentIdNumber('1975-04-12', 31);
    const head = createPersonRefs(JSON.parse(c.env.PERSON_REF_KEYS)).ref(idNumber);
    const child = createPersonRefs(JSON.parse(c.env.PERSON_REF_KEYS)).ref(residentIdNumber('2015-09-01', 42));
    const householdId = `hh-${randomUUID().slice(0, 8)}`;
    const member = { labourCapacity: 'partial' as const, seriousIllness: true, sex: 'male' as const };
    await c.publish(HouseholdRegisteredV1, {
      householdId,
      town: TEST_TOWN,
      village: TEST_VILLAGE,
      hukouType: 'local',
      members: [
        {
          ...member,
          personRef: head,
          maskedId: '442000********3112',
          birthDate: '1975-04-12',
          relation: 'head',
          monthlyIncomeFen: 60000,
        },
        {
          ...member,
          personRef: child,
          maskedId: '442000********0426',
          birthDate: '2015-09-01',
          relation: 'child',
          labourCapacity: 'none',
          seriousIllness: false,
          sex: 'female',
          schooling: 'primary',
          monthlyIncomeFen: 0,
        },
      ],
      assets: { financialAssetsFen: 0, vehicleCount: 0, housingUnits: 1 },
      totalMonthlyIncomeFen: 60000,
      perCapitaMonthlyIncomeFen: 30000,
    });
    await c.publish(CaseApprovedV1, {
      caseId: `case-${randomUUID().slice(0, 8)}`,
      householdId,
      personRef: head,
      programme: 'dibao',
      town: TEST_TOWN,
      approvedOn: today,
      actor: { userId: 'u-city-1', duty: 'approver' },
      monthlyAmountFen: 95000,
      effectiveFrom: today,
    });

    // charity: a qualified organisation opens illness crowdfunding for the head (cost 180000 yuan)
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
    const campaign = await ok('POST', '/api/v1/crowdfunding', clerk, {
      organisationId: o.organisationId,
      idNumber,
      town: TEST_TOWN,
      purpose: 'major-illness',
      declaredCostFen: 18_000_000,
      targetFen: 10_000_000,
    });
    expect(campaign).toMatchObject({ personRef: head, maskedId: maskResidentId(idNumber), raisedFen: 0 });
    expect(JSON.stringify(campaign)).not.toContain(idNumber);

    const hardship = await waitAlert(householdId, 'expenditure-hardship');
    expect(hardship).toMatchObject({ department: 'assistance', status: 'open' });

    // the engine's charity alert arrives in the major-illness help centre's queue
    const referral = await waitFor(
      'the referral from the engine',
      async () => {
        const page = await ok('GET', '/api/v1/referrals?helpCentre=major-illness', clerk);
        return page.items.find((r: { personRef: string }) => r.personRef === head);
      },
      120_000,
      250,
    );
    const charityAlert = await waitAlert(head, 'charity-major-illness-referral');
    expect(referral).toMatchObject({ alertId: charityAlert.id, source: 'policy-engine', status: 'open' });

    // donations come in on the campaign's project; the help centre books aid and records the outcome
    await ok('POST', `/api/v1/projects/${campaign.projectId}/donations`, clerk, {
      amountFen: 3_000_000,
      form: 'money',
      donorKind: 'anonymous',
    });
    await ok('POST', `/api/v1/referrals/${referral.referralId}/assign`, clerk);
    await ok('POST', `/api/v1/projects/${campaign.projectId}/disbursements`, disburser, {
      amountFen: 2_500_000,
      referralId: referral.referralId,
    });
    await ok('POST', `/api/v1/referrals/${referral.referralId}/outcome`, clerk, { outcome: 'aided' });

    const closed = await waitAlert(head, 'charity-major-illness-referral', 'enrolled');
    expect(closed).toMatchObject({ id: charityAlert.id, outcome: 'enrolled' });
    const resolved = await awaitEvent(
      c.topics.topic('policy.alert'),
      (r) =>
        (r.json as EventEnvelope)?.type === 'policy.alert.resolved' &&
        (r.json as EventEnvelope<{ alertId: string }>).data.alertId === charityAlert.id,
      60_000,
    );
    expect(resolved.json).toMatchObject({ data: { outcome: 'enrolled', department: 'charity', personRef: head } });
  });
});
