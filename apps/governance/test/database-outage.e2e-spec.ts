import { startTcpProxy, TcpProxy, throughProxy, waitFor, withClient } from '@civic/testing';
import { GovernanceApp, startGovernanceApp } from './governance-app.fixture';

jest.setTimeout(120_000);

// Governance reaching PostgreSQL through a proxy the test cuts (libs/testing/src/tcp-proxy.ts): the
// shared server stays up for every other suite. While the database cannot be reached, a write is
// answered 503 with Retry-After (libs/platform/src/errors/database-unavailable.ts), not 500, and
// stores nothing; readiness fails; once the database is back the same write succeeds, once.
describe('governance while its database is unreachable', () => {
  let proxy: TcpProxy;
  let g: GovernanceApp;
  let admin: string;
  const community = (code: string) => ({ code, name: `Community ${code}`, townCode: '442000100', kind: 'community' });
  const stored = (code: string) =>
    withClient(g.schema.url, async (c) => ({
      divisions: (await c.query(`SELECT count(*)::int AS n FROM division WHERE code = $1`, [code])).rows[0].n,
      events: (await c.query(`SELECT count(*)::int AS n FROM outbox_message WHERE message_key = $1`, [code])).rows[0].n,
    }));

  beforeAll(async () => {
    const db = new URL(process.env.DATABASE_URL!);
    proxy = await startTcpProxy(db.hostname, Number(db.port || 5432));
    g = await startGovernanceApp('gov_dbout', {}, (url) => throughProxy(url, proxy));
    admin = await g.token('admin-1', ['governance:admin']);
  });
  afterAll(async () => {
    await proxy?.restore();
    await g?.close();
    await proxy?.close();
  });

  it('answers 503 with Retry-After while the database is down, stores nothing, and takes the write once it is back', async () => {
    expect((await g.call('POST', '/api/v1/divisions', admin, community('442000100081'))).status).toBe(201);

    await proxy.cut();
    const refused = await g.call('POST', '/api/v1/divisions', admin, community('442000100082'));
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({
      type: 'urn:civic:problem:unavailable',
      status: 503,
      detail: 'The service is temporarily unavailable; retry later.',
    });
    expect((await g.call('GET', '/api/v1/divisions/442000100081', admin)).status).toBe(503);
    expect((await g.call('GET', '/health/ready', null)).status).toBe(503);

    await proxy.restore();
    const taken = await waitFor(
      'the write to be taken once the database is back',
      async () => {
        const r = await g.call('POST', '/api/v1/divisions', admin, community('442000100082'));
        return r.status === 503 ? undefined : r;
      },
      30_000,
      200,
    );
    expect(taken.status).toBe(201);
    expect(await stored('442000100082')).toEqual({ divisions: 1, events: 1 });
    expect((await g.call('GET', '/health/ready', null)).status).toBe(200);
  });
});
