import { signDevTokenFor } from '@civic/platform';
import { PrivateKafka, ServiceProcess, startServiceProcess, waitFor, withClient } from '@civic/testing';
import { createServer } from 'node:net';

jest.setTimeout(300_000);

const JWT_SECRET = 'broker-outage-test-secret-0123456789abcdef';

// Governance on a broker of the test's own (libs/testing/src/private-kafka.ts), which the test stops:
// the shared broker at KAFKA_BROKERS is never touched. A broker outage must not take the REST API
// out of service: readiness stays 200 and says `degraded`, writes land in the outbox.
describe('governance while its broker is down', () => {
  let kafka: PrivateKafka | undefined;
  let svc: ServiceProcess | undefined;
  afterAll(async () => {
    await svc?.stop();
    await kafka?.destroy();
  });

  it('keeps serving: readiness 200 `degraded` naming the broker, writes land in the outbox, the metric says degraded', async () => {
    kafka = await PrivateKafka.createInTemp();
    svc = await startServiceProcess({
      app: 'governance',
      schemaPrefix: 'gov_outage',
      topicPrefix: 'outage.',
      jwtSecret: JWT_SECRET,
      env: { KAFKA_BROKERS: kafka.brokers },
    });
    const before = await fetch(`${svc.baseUrl}/health/ready`);
    expect(before.status).toBe(200);
    expect(await before.json()).toMatchObject({ status: 'ready' });

    await kafka.stop();
    const during = await waitFor(
      'readiness to report the broker as degraded',
      async () => {
        const res = await fetch(`${svc!.baseUrl}/health/ready`);
        const body = (await res.json()) as { status: string; checks: Record<string, unknown> };
        if (res.status !== 200) throw new Error(`readiness answered ${res.status}: ${JSON.stringify(body)}`);
        return body.status === 'degraded' ? body : undefined;
      },
      90_000,
      500,
    );
    expect(during.checks.database).toEqual({ ok: true });
    expect(during.checks.messaging).toEqual({
      ok: true,
      degraded: true,
      detail: expect.stringMatching(/^degraded: .*broker: /),
    });

    const token = await signDevTokenFor(
      { NODE_ENV: 'test', JWT_SECRET },
      { sub: 'admin-1', roles: ['governance:admin'] },
    );
    const created = await fetch(`${svc.baseUrl}/api/v1/divisions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        code: '442000100078',
        name: 'Registered during the outage',
        townCode: '442000100',
        kind: 'community',
      }),
    });
    expect(created.status).toBe(201);
    const pending = await withClient(svc.schema.url, (c) =>
      c.query(
        `SELECT count(*)::int AS n FROM outbox_message WHERE message_key = '442000100078' AND id IN (SELECT id FROM outbox_pending)`,
      ),
    );
    expect(pending.rows).toEqual([{ n: 1 }]);

    const metrics = await (await fetch(`${svc.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^readiness_check_degraded\{check="messaging"\} 1$/m);
    expect(metrics).toMatch(/^readiness_check_ok\{check="messaging"\} 1$/m);
    expect((await fetch(`${svc.baseUrl}/health/ready`)).status).toBe(200);
  });

  it('at start-up, an unreachable broker stops the service with an error naming KAFKA_BROKERS', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    await expect(
      startServiceProcess({
        app: 'governance',
        schemaPrefix: 'gov_nobroker',
        topicPrefix: 'nobroker.',
        jwtSecret: JWT_SECRET,
        env: { KAFKA_BROKERS: `127.0.0.1:${closedPort}` },
      }),
    ).rejects.toThrow(`cannot reach the Kafka brokers in KAFKA_BROKERS (127.0.0.1:${closedPort})`);
  });
});
