import { allTopics } from '@civic/contracts';
import { ServiceProcess, startServiceProcess, waitFor, withClient } from '@civic/testing';
import { randomInt } from 'node:crypto';
import { CharityApp, startCharityApp } from './charity-app.fixture';

jest.setTimeout(240_000);

const TOWN = '442000100';
// a town code of the right form that governance's seeded list (apps/governance/src/divisions/divisions.json) lacks
const UNKNOWN_TOWN = '442000999';
const NEW_TOWN = '442000198';

// Grassroots governance runs as its own process (started the way scripts/start.sh starts it) on its own
// schema, sharing the topic prefix with this charity instance: what governance decides reaches charity
// only through governance's outbox, relay and the real broker, never through a shared database.
describe('charity with grassroots governance as a separate process', () => {
  let c: CharityApp;
  let governance: ServiceProcess | undefined;

  const gov = async (method: 'GET' | 'POST' | 'PUT', path: string, token: string, body?: unknown) => {
    const res = await fetch(`${governance!.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`governance ${method} ${path} answered ${res.status}: ${text}`);
    return JSON.parse(text);
  };
  const ok = async (method: 'GET' | 'POST', url: string, token: string, body?: unknown) => {
    const res = await c.call(method, url, token, body);
    if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${res.raw}`);
    return res.body;
  };

  beforeAll(async () => {
    c = await startCharityApp('ch_gov', {}, allTopics());
    governance = await startServiceProcess({
      app: 'governance',
      schemaPrefix: 'ch_gov_governance',
      topicPrefix: c.topics.prefix,
      jwtSecret: c.env.JWT_SECRET,
      env: { OVERDUE_SCAN_INTERVAL_MS: '0' },
    });
  });
  afterAll(async () => {
    await governance?.stop();
    await c?.close();
  });

  it('an organisation governance black-lists over REST cannot open a charity project', async () => {
    const [clerk, approver, govClerk, govSupervisor] = await Promise.all([
      c.token('clerk-1', ['charity:clerk']),
      c.token('approver-1', ['charity:approver']),
      c.token('gov-clerk-1', ['governance:clerk']),
      c.token('gov-sup-1', ['governance:supervisor']),
    ]);
    const creditCode = `53442000MJL${String(randomInt(0, 10_000_000)).padStart(7, '0')}`;
    const o = await ok('POST', '/api/v1/organisations', clerk, {
      name: 'Red Heart Charity Federation',
      creditCode,
      town: TOWN,
      registeredOn: '2021-03-15',
    });
    await ok('POST', `/api/v1/organisations/${o.organisationId}/fundraising-qualification`, approver, {
      validFrom: '2021-01-01',
      validUntil: '2099-12-31',
    });
    const projectBody = {
      organisationId: o.organisationId,
      title: 'Winter coats',
      kind: 'general',
      town: TOWN,
      beneficiaryCriteria: 'Children of households in hardship',
      targetFen: 100_000,
      publicFundraising: false,
    };
    // in good standing: charity opens its projects
    await ok('POST', '/api/v1/projects', clerk, projectBody);

    const registered = await gov('POST', '/api/v1/organisations', govClerk, {
      registrationNumber: `REG-${randomInt(0, 1e9)}`,
      name: 'Red Heart Charity Federation',
      creditCode,
      kind: 'foundation',
      town: TOWN,
      hub: false,
    });
    await gov('PUT', `/api/v1/organisations/${registered.organisationId}/credit-list`, govSupervisor, {
      list: 'black',
      reason: 'Annual report missing two years running.',
    });

    await waitFor(
      "governance's black list in charity",
      async () =>
        (await ok('GET', `/api/v1/organisations/${o.organisationId}`, clerk)).blackListed ? true : undefined,
      120_000,
      250,
    );
    const refused = await c.call('POST', '/api/v1/projects', clerk, projectBody);
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      expect.objectContaining({ field: 'organisationId', rule: 'not-black-listed' }),
    ]);
  });
  it("refuses a town governance does not know, or has retired, once charity has read governance's division events", async () => {
    const [clerk, govAdmin] = await Promise.all([
      c.token('clerk-2', ['charity:clerk']),
      c.token('gov-admin-1', ['governance:admin']),
    ]);
    const known = (code: string) =>
      withClient(c.schema.url, async (cl) => {
        const { rows } = await cl.query(`SELECT retired_on FROM division_reference WHERE code = $1`, [code]);
        return rows[0] as { retired_on: string | null } | undefined;
      });
    // governance publishes its seeded codes at start-up; charity reads them through its inbox
    await waitFor(
      "governance's seeded towns in charity",
      async () => ((await known(TOWN)) ? true : undefined),
      120_000,
      250,
    );
    const organisations = () =>
      withClient(c.schema.url, async (cl) =>
        Number((await cl.query(`SELECT count(*) AS n FROM charity_organisation`)).rows[0].n),
      );
    const before = await organisations();
    const body = (town: string) => ({
      name: 'Harbour Volunteers',
      creditCode: `53442000MJL${String(randomInt(0, 10_000_000)).padStart(7, '0')}`,
      town,
      registeredOn: '2021-03-15',
    });
    const unknown = await c.call('POST', '/api/v1/organisations', clerk, body(UNKNOWN_TOWN));
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'town', rule: 'knownDivision' })]);
    expect(await organisations()).toBe(before);
    const facility = (village: string) =>
      c.call('POST', '/api/v1/community-facilities', clerk, { village, town: TOWN, name: 'Harbour centre' });
    const unknownVillage = await facility(`${TOWN}999`);
    expect(unknownVillage.status).toBe(400);
    expect(unknownVillage.body.errors).toEqual([expect.objectContaining({ field: 'village', rule: 'knownDivision' })]);
    expect((await facility(`${TOWN}001`)).status).toBe(201);

    // a town governance registers now is accepted once its event has arrived, and refused once retired
    await gov('POST', '/api/v1/divisions', govAdmin, { code: NEW_TOWN, name: 'New harbour town' });
    await waitFor('the new town in charity', async () => ((await known(NEW_TOWN)) ? true : undefined), 120_000, 250);
    await ok('POST', '/api/v1/organisations', clerk, body(NEW_TOWN));
    await gov('POST', `/api/v1/divisions/${NEW_TOWN}/retirement`, govAdmin, { reason: 'Merged into a neighbour.' });
    await waitFor(
      'the retirement in charity',
      async () => ((await known(NEW_TOWN))?.retired_on ? true : undefined),
      120_000,
      250,
    );
    const retired = await c.call('POST', '/api/v1/organisations', clerk, body(NEW_TOWN));
    expect(retired.status).toBe(400);
    expect(retired.body.errors).toEqual([expect.objectContaining({ field: 'town', rule: 'knownDivision' })]);
    expect(await organisations()).toBe(before + 1);
  });
});
