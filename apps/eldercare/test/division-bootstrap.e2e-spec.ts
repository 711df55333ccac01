import { allTopics, DivisionRegisteredV1, Topics } from '@civic/contracts';
import { DivisionReferenceBootstrap } from '@civic/divisions';
import { expireTopicRecords } from '@civic/messaging';
import { signDevTokenFor } from '@civic/platform';
import { FreshTopics, freshTopics, ServiceProcess, startServiceProcess, waitFor, withClient } from '@civic/testing';
import { randomBytes } from 'node:crypto';
import { EldercareApp, startEldercareApp } from './eldercare-app.fixture';

jest.setTimeout(300_000);

// seeded in apps/governance/src/divisions/divisions.json
const TOWN = '442000100';
const VILLAGE = '442000100001';
const UNKNOWN_TOWN = '442000999';
// registered and retired before eldercare starts: known to it only through the REST load
const RETIRED_EARLY = '442000198';
// registered before eldercare starts, retired after it has loaded the list: the event must win
const RETIRED_LATE = '442000197';

interface ReferenceRow {
  code: string;
  retired_on: string | null;
  version: number | null;
}

// Eldercare starts on a fresh schema after every governance.division event has left the topic (the
// records are deleted as retention would delete them), so its inbox alone would never learn a code.
// Governance runs as its own process; eldercare fills its copy from governance's REST reference list
// with a service token, then follows the events governance publishes from there.
describe('a service starting after the division events left the topic loads them from governance', () => {
  const jwtSecret = randomBytes(32).toString('hex');
  let topics: FreshTopics;
  let governance: ServiceProcess | undefined;
  let ec: EldercareApp | undefined;
  let serviceToken: string;

  const gov = async (method: 'GET' | 'POST', path: string, token: string, body?: unknown) => {
    const res = await fetch(`${governance!.baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  const govOk = async (method: 'GET' | 'POST', path: string, token: string, body?: unknown) => {
    const res = await gov(method, path, token, body);
    if (res.status >= 300) throw new Error(`governance ${method} ${path} answered ${res.status}`);
    return res.body;
  };
  const sign = (sub: string, roles: Parameters<typeof signDevTokenFor>[1]['roles']) =>
    signDevTokenFor({ NODE_ENV: 'test', JWT_SECRET: jwtSecret }, { sub, roles });
  const rows = () =>
    withClient(ec!.schema.url, async (c) => {
      const r = await c.query(
        `SELECT code, to_char(retired_on, 'YYYY-MM-DD') AS retired_on, version FROM division_reference ORDER BY code`,
      );
      return r.rows as ReferenceRow[];
    });
  const row = async (code: string) => (await rows()).find((r) => r.code === code);

  beforeAll(async () => {
    topics = await freshTopics('ec_boot', allTopics(), 1);
    governance = await startServiceProcess({
      app: 'governance',
      schemaPrefix: 'ec_boot_governance',
      topicPrefix: topics.prefix,
      jwtSecret,
      env: { OVERDUE_SCAN_INTERVAL_MS: '0' },
    });
    serviceToken = await sign('eldercare', ['governance:reference-reader']);
  });
  afterAll(async () => {
    await ec?.close();
    await governance?.stop();
    await topics?.drop();
  });

  it('the reference list answers only a service credential, with each division version', async () => {
    const [admin, viewer] = await Promise.all([
      sign('gov-admin', ['governance:admin']),
      sign('v', ['governance:viewer']),
    ]);
    expect((await gov('GET', '/api/v1/divisions/reference', admin)).status).toBe(403);
    expect((await gov('GET', '/api/v1/divisions/reference', viewer)).status).toBe(403);
    const res = await fetch(`${governance!.baseUrl}/api/v1/divisions/reference`);
    expect(res.status).toBe(401);
    const page = await govOk('GET', '/api/v1/divisions/reference?limit=2', serviceToken);
    expect(page.items).toHaveLength(2);
    expect(page.items[0]).toEqual(
      expect.objectContaining({ code: expect.any(String), version: 1, updatedAt: expect.any(String) }),
    );
    expect(page.total).toBeGreaterThan(2);
  });

  it('fills an empty copy from REST, lets later events win by version, and loads idempotently', async () => {
    const govAdmin = await sign('gov-admin', ['governance:admin']);
    await govOk('POST', '/api/v1/divisions', govAdmin, { code: RETIRED_EARLY, name: 'Old harbour town' });
    await govOk('POST', `/api/v1/divisions/${RETIRED_EARLY}/retirement`, govAdmin, { reason: 'Merged.' });
    await govOk('POST', '/api/v1/divisions', govAdmin, { code: RETIRED_LATE, name: 'North harbour town' });
    // every division event governance has written is on the broker; then retention takes them all
    await waitFor(
      "governance's outbox sent",
      async () =>
        (await withClient(governance!.schema.url, (c) => c.query(`SELECT count(*)::int AS n FROM outbox_pending`)).then(
          (r) => r.rows[0].n === 0,
        ))
          ? true
          : undefined,
      60_000,
      200,
    );
    await expireTopicRecords(topics.connection, topics.topic(Topics.GovernanceDivision));
    const total = (await govOk('GET', '/api/v1/divisions/reference?limit=1', serviceToken)).total as number;

    ec = await startEldercareApp(
      'ec_boot',
      { JWT_SECRET: jwtSecret, GOVERNANCE_URL: governance!.baseUrl, GOVERNANCE_SERVICE_TOKEN: serviceToken },
      topics,
    );
    await waitFor('the division list in eldercare', async () => ((await rows()).length === total ? true : undefined));
    expect(await row(RETIRED_EARLY)).toEqual({ code: RETIRED_EARLY, retired_on: expect.any(String), version: 2 });
    expect(await row(RETIRED_LATE)).toEqual({ code: RETIRED_LATE, retired_on: null, version: 1 });

    const clerk = await ec.token('clerk-1', ['eldercare:clerk']);
    const site = (town: string, village: string) =>
      ec!.call('POST', '/api/v1/care-sites', clerk, {
        kind: 'canteen',
        name: '港口饭堂',
        openedOn: '2024-01-01',
        town,
        village,
      });
    const refused = async (town: string, village: string, field: string) => {
      const res = await site(town, village);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field, rule: 'knownDivision' })]);
    };
    await refused(UNKNOWN_TOWN, `${UNKNOWN_TOWN}001`, 'town');
    await refused(TOWN, `${TOWN}999`, 'village');
    await refused(RETIRED_EARLY, `${RETIRED_EARLY}001`, 'town');
    expect((await site(RETIRED_LATE, `${RETIRED_LATE}001`)).body.errors).toEqual([
      expect.objectContaining({ field: 'village', rule: 'knownDivision' }),
    ]);
    expect((await site(TOWN, VILLAGE)).status).toBe(201);

    // after the load, governance's events reach eldercare through the broker and win by version
    await govOk('POST', `/api/v1/divisions/${RETIRED_LATE}/retirement`, govAdmin, { reason: 'Merged.' });
    await waitFor('the retirement in eldercare', async () =>
      (await row(RETIRED_LATE))?.retired_on ? true : undefined,
    );
    expect((await row(RETIRED_LATE))!.version).toBe(2);
    await refused(RETIRED_LATE, `${RETIRED_LATE}001`, 'town');

    // a replayed older event (version 1) is read but does not undo the newer state
    const [stale] = await ec.publish(DivisionRegisteredV1, {
      code: RETIRED_EARLY,
      level: 'town',
      name: 'Old harbour town',
      effectiveFrom: '2021-01-01',
      version: 1,
    });
    await waitFor('the replayed event in the inbox', () =>
      withClient(ec!.schema.url, (c) => c.query(`SELECT 1 FROM inbox_message WHERE event_id = $1`, [stale.id])).then(
        (r) => (r.rowCount ? true : undefined),
      ),
    );
    expect(await row(RETIRED_EARLY)).toEqual({ code: RETIRED_EARLY, retired_on: expect.any(String), version: 2 });
    await refused(RETIRED_EARLY, `${RETIRED_EARLY}001`, 'town');

    // loading again changes nothing: every row already holds governance's version
    const before = await rows();
    const again = await ec.app.get(DivisionReferenceBootstrap).load(governance!.baseUrl, serviceToken);
    expect(again).toEqual({ read: total, written: 0 });
    expect(await rows()).toEqual(before);
  });
});
