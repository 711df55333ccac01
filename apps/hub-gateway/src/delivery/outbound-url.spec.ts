import { createServer, Server } from 'node:http';
import { postOutbound } from './outbound-post';
import { isPrivateAddress, OutboundRules, refuseUrl } from './outbound-url';

const production: OutboundRules = {
  allowedHosts: { 'zs-data-hub': ['hub.zs.example.gov', '*.agency.example.org'] },
  allowHttp: false,
  allowPrivateNetworks: false,
};

describe('outbound callback URLs (SSRF)', () => {
  it('allows https to a host on the owner’s allow-list, exactly or as a subdomain', () => {
    expect(refuseUrl(production, 'zs-data-hub', 'https://hub.zs.example.gov/dci')).toBeUndefined();
    expect(refuseUrl(production, 'zs-data-hub', 'https://hooks.agency.example.org/x')).toBeUndefined();
  });

  it('refuses http, other hosts, another owner’s hosts, credentials and private literals', () => {
    expect(refuseUrl(production, 'zs-data-hub', 'http://hub.zs.example.gov/dci')).toBe('must use https');
    expect(refuseUrl(production, 'zs-data-hub', 'https://evil.example.com/')).toMatch(/allow-list of zs-data-hub/);
    expect(refuseUrl(production, 'zs-data-hub', 'https://agency.example.org.evil.com/')).toMatch(/allow-list/);
    expect(refuseUrl(production, 'other-sender', 'https://hub.zs.example.gov/dci')).toMatch(/allow-list/);
    expect(refuseUrl(production, 'zs-data-hub', 'https://u:p@hub.zs.example.gov/')).toBe('must not carry credentials');
    const anyHost = { ...production, allowedHosts: { '*': ['169.254.169.254', '[::1]', '::1'] } };
    expect(refuseUrl(anyHost, 'x', 'https://169.254.169.254/latest')).toMatch(/private/);
    expect(refuseUrl(anyHost, 'x', 'https://[::1]/')).toMatch(/private/);
    expect(refuseUrl({ ...anyHost, allowPrivateNetworks: true }, 'x', 'https://169.254.169.254/')).toBeUndefined();
  });

  it('classifies private, loopback, link-local and mapped addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0'])
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    for (const a of ['::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1'])
      expect([a, isPrivateAddress(a)]).toEqual([a, true]);
    for (const a of ['8.8.8.8', '203.0.113.9', '2001:4860:4860::8888'])
      expect([a, isPrivateAddress(a)]).toEqual([a, false]);
  });
});

describe('postOutbound: resolved address, time and size limits', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      if (req.url === '/big') res.writeHead(200).end(Buffer.alloc(200_000, 'a'));
      else if (req.url === '/slow') setTimeout(() => res.writeHead(200).end(), 2_000).unref();
      else res.writeHead(204).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  const limits = { timeoutMs: 500, maxResponseBytes: 10_000, allowPrivateNetworks: true };
  const post = (url: string, l = limits) => postOutbound(url, { 'content-type': 'application/json' }, '{}', l);

  it('posts when private networks are allowed (development)', async () => {
    await expect(post(`http://127.0.0.1:${port}/ok`)).resolves.toEqual({ status: 204 });
  });

  it('refuses a name that resolves to a loopback address, and an address literal, before connecting', async () => {
    const strict = { ...limits, allowPrivateNetworks: false };
    await expect(post(`http://localhost:${port}/ok`, strict)).rejects.toThrow(/resolves to a private address/);
    await expect(post(`http://127.0.0.1:${port}/ok`, strict)).rejects.toThrow(/private address/);
  });

  it('ends a call whose answer is too long or too late', async () => {
    await expect(post(`http://127.0.0.1:${port}/big`)).rejects.toThrow(/longer than 10000 bytes/);
    const started = Date.now();
    await expect(post(`http://127.0.0.1:${port}/slow`)).rejects.toThrow(/no answer within 500 ms/);
    expect(Date.now() - started).toBeLessThan(1_500);
  });
});
