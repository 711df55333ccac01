import { DeathRecordedV1 } from '@civic/contracts';
import { residentIdNumber, TEST_TOWN, waitFor, withClient } from '@civic/testing';
import { randomInt } from 'node:crypto';
import { CharityApp, startCharityApp } from './charity-app.fixture';

jest.setTimeout(180_000);

const TOWN = TEST_TOWN;

// A death record from the data hub stops what charity addresses to the person (wishes, crowdfunding,
// aid, referrals), and its revocation brings back only what the death stopped
// (docs/adr/0009-revoked-death-records.md). Hub records go straight onto Kafka as the hub publishes them.
describe('charity and the data hub’s death records', () => {
  let c: CharityApp;
  let clerk: string;
  let approver: string;
  let disburser: string;

  const ok = async (method: 'GET' | 'POST', url: string, token: string, body?: unknown) => {
    const res = await c.call(method, url, token, body);
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${res.raw}`);
    return res.body;
  };
  const sql = (text: string, params: unknown[] = []) =>
    withClient(c.schema.url, async (cl) => (await cl.query(text, params)).rows);
  const wishStatus = async (wishId: string) =>
    (await sql(`SELECT status, donor_kind FROM wish WHERE wish_id = $1`, [wishId]))[0];

  beforeAll(async () => {
    c = await startCharityApp('charity_deaths');
    [clerk, approver, disburser] = await Promise.all([
      c.token('clerk-1', ['charity:clerk']),
      c.token('approver-1', ['charity:approver']),
      c.token('disburser-1', ['charity:disburser']),
    ]);
  });
  afterAll(async () => c?.close());

  it('withdraws open wishes, closes crowdfunding with the reason and refuses new aid after a death; a revocation brings back only what the death stopped', async () => {
    const idNumber = residentIdNumber('1961-07-19', 73);
    const o = await ok('POST', '/api/v1/organisations', clerk, {
      name: 'Red Heart Charity Federation',
      creditCode: `53442000MJL${String(randomInt(0, 10_000_000)).padStart(7, '0')}`,
      town: TOWN,
      registeredOn: '2021-03-15',
    });
    await ok('POST', `/api/v1/organisations/${o.organisationId}/fundraising-qualification`, approver, {
      validFrom: '2021-01-01',
      validUntil: '2099-12-31',
    });
    const wish = (item: string) =>
      ok('POST', '/api/v1/wishes', clerk, { idNumber, town: TOWN, item, valueFen: 30_000 });
    const posted = await wish('Winter coat');
    const matched = await wish('Rice cooker');
    await ok('POST', `/api/v1/wishes/${matched.wishId}/match`, clerk, { donorKind: 'company' });
    const fulfilled = await wish('School bag');
    await ok('POST', `/api/v1/wishes/${fulfilled.wishId}/match`, clerk, { donorKind: 'individual' });
    await ok('POST', `/api/v1/wishes/${fulfilled.wishId}/delivery`, clerk);
    const campaign = (declaredCostFen: number) =>
      ok('POST', '/api/v1/crowdfunding', clerk, {
        organisationId: o.organisationId,
        idNumber,
        town: TOWN,
        purpose: 'major-illness',
        declaredCostFen,
        targetFen: 1_000_000,
      });
    const open = await campaign(5_000_000);
    const staffClosed = await campaign(4_000_000);
    await ok('POST', `/api/v1/projects/${staffClosed.projectId}/close`, approver);
    const person = open.personRef as string;
    const donate = (projectId: string) =>
      c.call('POST', `/api/v1/projects/${projectId}/donations`, clerk, {
        amountFen: 200_000,
        form: 'money',
        donorKind: 'anonymous',
      });
    expect((await donate(open.projectId)).status).toBe(201);

    const death = {
      recordId: `death-${randomInt(1e9)}`,
      personRef: person,
      maskedId: '442000********7315',
      deathDate: await c.today(),
    };
    await c.publish(DeathRecordedV1, { ...death, status: 'informal' });
    await waitFor(
      'the wish to be withdrawn',
      async () => ((await wishStatus(posted.wishId)).status === 'withdrawn' ? true : undefined),
      60_000,
      200,
    );
    expect(await wishStatus(matched.wishId)).toEqual({ status: 'withdrawn', donor_kind: 'company' });
    expect((await wishStatus(fulfilled.wishId)).status).toBe('fulfilled');
    expect(await ok('GET', `/api/v1/projects/${open.projectId}`, clerk)).toMatchObject({
      status: 'closed',
      closedReason: expect.stringContaining('the person the campaign helps died'),
      balanceFen: 200_000,
    });
    // the reason is for staff: the public page says closed, nothing about the person
    const publicPage = await c.call('GET', `/api/v1/public/projects/${open.projectId}`, undefined);
    expect(publicPage.body.status).toBe('closed');
    expect(publicPage.raw).not.toMatch(/died|death/i);

    // nothing new is addressed to the person; nothing is stored
    const ledgerBefore = await sql(`SELECT count(*)::int AS n FROM ledger_entry`);
    const refusals = await Promise.all([
      donate(open.projectId),
      c.call('POST', '/api/v1/wishes', clerk, { idNumber, town: TOWN, item: 'Blanket', valueFen: 10_000 }),
      c.call('POST', '/api/v1/crowdfunding', clerk, {
        organisationId: o.organisationId,
        idNumber,
        town: TOWN,
        purpose: 'major-illness',
        declaredCostFen: 5_000_000,
        targetFen: 1_000_000,
      }),
      c.call('POST', `/api/v1/projects/${open.projectId}/disbursements`, disburser, {
        amountFen: 1_000,
        idNumber,
        town: TOWN,
      }),
      c.call('POST', '/api/v1/referrals', clerk, {
        personRef: person,
        town: TOWN,
        helpCentre: 'major-illness',
        source: 'staff',
        summary: 'Hospital costs beyond insurance',
      }),
      c.call('POST', `/api/v1/wishes/${matched.wishId}/delivery`, clerk),
    ]);
    expect(refusals.map((r) => [r.status, r.body.errors?.[0]?.field, r.body.errors?.[0]?.rule])).toEqual([
      [409, 'projectId', 'project-open'],
      [409, 'idNumber', 'person-alive'],
      [409, 'idNumber', 'person-alive'],
      [409, 'idNumber', 'person-alive'],
      [409, 'personRef', 'person-alive'],
      [409, 'wishId', 'wish-matched'],
    ]);
    expect(await sql(`SELECT count(*)::int AS n FROM ledger_entry`)).toEqual(ledgerBefore);
    expect(await sql(`SELECT count(*)::int AS n FROM wish WHERE person_ref = $1`, [person])).toEqual([{ n: 3 }]);
    expect(await sql(`SELECT count(*)::int AS n FROM crowdfunding_campaign WHERE person_ref = $1`, [person])).toEqual([
      { n: 2 },
    ]);

    // the formal record changes nothing more; then the hub revokes it
    await c.publish(DeathRecordedV1, { ...death, status: 'formal' });
    await c.publish(DeathRecordedV1, {
      ...death,
      recordId: `revocation-${randomInt(1e9)}`,
      status: 'revoked',
      revokesRecordId: death.recordId,
    });
    await waitFor(
      'the wish to come back',
      async () => ((await wishStatus(posted.wishId)).status === 'posted' ? true : undefined),
      60_000,
      200,
    );
    expect(await wishStatus(matched.wishId)).toEqual({ status: 'matched', donor_kind: 'company' });
    expect((await wishStatus(fulfilled.wishId)).status).toBe('fulfilled');
    expect(await ok('GET', `/api/v1/projects/${open.projectId}`, clerk)).toMatchObject({
      status: 'open',
      closedReason: null,
    });
    // staff closed this one before the death: the revocation leaves it closed
    expect(await ok('GET', `/api/v1/projects/${staffClosed.projectId}`, clerk)).toMatchObject({
      status: 'closed',
      closedReason: 'closed by staff',
    });
    expect((await donate(open.projectId)).status).toBe(201);
    expect((await c.call('POST', `/api/v1/wishes/${matched.wishId}/delivery`, clerk)).status).toBe(200);
  });
});
