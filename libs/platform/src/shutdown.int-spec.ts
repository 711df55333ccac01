import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { waitFor } from '@civic/testing';

// the tier's testTimeout is not applied per project; real servers on a loaded 2-core machine need more than 5 s
jest.setTimeout(60_000);

interface Started {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
  port: number;
}

const root = join(__dirname, '..', '..', '..');
const children: ChildProcess[] = [];

async function start(extraEnv: Record<string, string>): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, '..', 'test', 'shutdown-app.fixture.ts')],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        HOST: '127.0.0.1',
        PORT: '0',
        DATABASE_URL: process.env.DATABASE_URL,
        KAFKA_BROKERS: process.env.KAFKA_BROKERS,
        JWT_SECRET: 'shutdown-test-secret-0123456789abcdef',
        LOG_LEVEL: 'info',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  const lines: Array<Record<string, unknown>> = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const p of parts) if (p.startsWith('{')) lines.push(JSON.parse(p));
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, atMs: Date.now() })),
  );
  const listening = await waitFor(
    'the fixture service to listen',
    async () => {
      if (child.exitCode !== null) throw new Error(`fixture exited early: ${stderr}`);
      return lines.find((l) => typeof l.msg === 'string' && l.msg.startsWith('listening on'));
    },
    60_000,
  );
  return { child, lines, exit, port: Number(new URL(String(listening.url)).port) };
}

const messages = (s: Started) => s.lines.map((l) => l.msg);

describe('graceful shutdown of a bootstrapped service', () => {
  afterEach(() => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  });

  it('on SIGTERM stops the consumer, finishes the in-flight request and exits 0', async () => {
    const svc = await start({ SHUTDOWN_GRACE_MS: '15000' });
    const inFlight = fetch(`http://127.0.0.1:${svc.port}/api/v1/slow`);
    await waitFor('the slow request to start', async () =>
      messages(svc).includes('slow request started') ? true : undefined,
    );
    svc.child.kill('SIGTERM');
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ finished: true });
    const { code } = await svc.exit;
    expect(code).toBe(0);
    const order = messages(svc).filter((m) =>
      ['SIGTERM received; shutting down', 'consumer stopping', 'consumer stopped'].includes(m as string),
    );
    expect(order).toEqual(['SIGTERM received; shutting down', 'consumer stopping', 'consumer stopped']);
  });

  it('drains on SIGTERM: readiness answers 503 at once, new requests are still served for SHUTDOWN_DRAIN_MS, then it closes', async () => {
    const svc = await start({ SHUTDOWN_DRAIN_MS: '2500', SHUTDOWN_GRACE_MS: '15000' });
    const base = `http://127.0.0.1:${svc.port}`;
    expect((await fetch(`${base}/health/ready`)).status).toBe(200);
    const sentAt = Date.now();
    svc.child.kill('SIGTERM');
    await waitFor('readiness to drop', async () =>
      (await fetch(`${base}/health/ready`)).status === 503 ? true : undefined,
    );
    const notReadyAfterMs = Date.now() - sentAt;
    const ready = await fetch(`${base}/health/ready`);
    expect(await ready.json()).toMatchObject({ checks: { shutdown: { ok: false, detail: 'shutting down' } } });
    // a request that arrives during the drain is served in full (1.5 s), not refused
    const during = await fetch(`${base}/api/v1/slow`);
    expect(during.status).toBe(200);
    expect(await during.json()).toEqual({ finished: true });
    const { code, atMs } = await svc.exit;
    expect(code).toBe(0);
    expect(notReadyAfterMs).toBeLessThan(2500);
    expect(atMs - sentAt).toBeGreaterThanOrEqual(2500);
    const order = messages(svc).filter((m) =>
      [
        'SIGTERM received; shutting down',
        'draining: readiness answers 503, requests are still served',
        'consumer stopping',
      ].includes(m as string),
    );
    expect(order).toEqual([
      'SIGTERM received; shutting down',
      'draining: readiness answers 503, requests are still served',
      'consumer stopping',
    ]);
  });

  it('exits with 1 once SHUTDOWN_GRACE_MS passes if something never stops', async () => {
    const svc = await start({ SHUTDOWN_GRACE_MS: '1000', HANG_ON_SHUTDOWN: 'yes' });
    const sentAt = Date.now();
    svc.child.kill('SIGTERM');
    const { code, atMs } = await svc.exit;
    expect(code).toBe(1);
    expect(atMs - sentAt).toBeGreaterThanOrEqual(1000);
    expect(atMs - sentAt).toBeLessThan(10_000);
    expect(svc.lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ level: 'fatal', msg: expect.stringContaining('SHUTDOWN_GRACE_MS=1000') }),
      ]),
    );
  });
});
