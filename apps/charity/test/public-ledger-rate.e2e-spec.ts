import { createServiceApp, ServiceApp } from '@civic/platform';
import { TEST_TOWN } from '@civic/testing';
import { randomInt } from 'node:crypto';
import { AppModule } from '../src/app.module';
import { CharityConfig } from '../src/charity.config';
import { CharityApp, startCharityApp } from './charity-app.fixture';

jest.setTimeout(120_000);

const RATE = 10;

// Two replicas of charity on one database: the public ledger's budget per address is the database's,
// so a client alternating between replicas gets it once, not once per replica.
describe('public ledger rate limit across replicas', () => {
  let c: CharityApp;
  let second: ServiceApp | undefined;
  let projectId: string;

  beforeAll(async () => {
    c = await startCharityApp('charity_rate', { PUBLIC_LEDGER_RATE_PER_MINUTE: String(RATE) });
    second = await createServiceApp(AppModule, { name: 'charity', config: CharityConfig, env: c.env });
    const clerk = await c.token('clerk-1', ['charity:clerk']);
    const o = await c.call('POST', '/api/v1/organisations', clerk, {
      name: 'Red Heart Charity Federation',
      creditCode: `53442000MJL${String(randomInt(0, 10_000_000)).padStart(7, '0')}`,
      town: TEST_TOWN,
      registeredOn: '2021-03-15',
    });
    const p = await c.call('POST', '/api/v1/projects', clerk, {
      organisationId: o.body.organisationId,
      title: 'Neighbourhood micro-fund',
      kind: 'micro-fund',
      town: TEST_TOWN,
      beneficiaryCriteria: 'Hardship families of the community',
      targetFen: 1_000_000,
      publicFundraising: false,
    });
    expect(p.status).toBe(201);
    projectId = p.body.projectId;
  });
  afterAll(async () => {
    await second?.close();
    await c?.close();
  });

  const read = async (replica: 0 | 1, address: string) => {
    const url = `/api/v1/public/projects/${projectId}/ledger`;
    if (replica === 0) return c.call('GET', url, undefined, undefined, address);
    const res = await second!.inject({ method: 'GET', url, headers: {}, remoteAddress: address });
    return { status: res.statusCode, body: JSON.parse(res.body), headers: res.headers };
  };

  it('gives an address its budget once across both replicas, then 429 with Retry-After from either', async () => {
    // the window starts at this address's first request (a fresh address: a fresh budget)
    const statuses: number[][] = [[], []];
    for (let i = 0; i < 3 * RATE; i++) {
      const replica = (i % 2) as 0 | 1;
      statuses[replica].push((await read(replica, '10.9.0.1')).status);
    }
    const served = statuses.flat().filter((s) => s !== 429);
    expect(served).toEqual(Array(RATE).fill(200));
    expect(statuses[0].filter((s) => s !== 429).length).toBe(RATE / 2);
    expect(statuses[1].filter((s) => s !== 429).length).toBe(RATE / 2);

    for (const replica of [0, 1] as const) {
      const limited = await read(replica, '10.9.0.1');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
    }
    // another address has its own budget on both replicas
    expect((await read(1, '10.9.0.2')).status).toBe(200);
    expect((await read(0, '10.9.0.2')).status).toBe(200);
  });
});
