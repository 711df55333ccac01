import { OtlpReceiver, startOtlpReceiver } from '@civic/testing';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

// What a service process does with and without an OTLP endpoint, observed from outside: a real Node
// process (compiled like the services, node -r @swc-node/register) starts telemetry, serves one HTTP
// request and flushes. The run with an endpoint is the control showing the probe sees the SDK.
const repoRoot = join(__dirname, '..', '..', '..', '..');
const probe = `
const { startTelemetry, telemetry } = require('./libs/platform/src/telemetry');
(async () => {
  const started = await startTelemetry('telemetry-probe');
  const http = require('node:http');
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  await fetch('http://127.0.0.1:' + server.address().port + '/probe');
  await telemetry.flush();
  await new Promise((resolve) => server.close(resolve));
  const loaded = Object.keys(require.cache).filter((f) => f.includes('node_modules/@opentelemetry/'));
  console.log(JSON.stringify({ started, loaded: loaded.length }));
})();
`;

async function runProbe(env: Record<string, string>): Promise<{ started: boolean; loaded: number }> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
  const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', '-e', probe], {
    cwd: repoRoot,
    env: { ...clean, ...env },
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('OpenTelemetry start-up', () => {
  let receiver: OtlpReceiver;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
  });
  afterAll(() => receiver?.close());

  it('without an endpoint loads no OpenTelemetry module and sends nothing', async () => {
    expect(await runProbe({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' })).toEqual({ started: false, loaded: 0 });
    expect(receiver.requests()).toEqual([]);
  });

  it('with an endpoint exports the server span of the request under the service name', async () => {
    const run = await runProbe({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    });
    expect(run.started).toBe(true);
    expect(run.loaded).toBeGreaterThan(0);
    expect(receiver.requests().map((r) => r.url)).toContain('/v1/traces');
    expect(receiver.spans()).toContainEqual(
      expect.objectContaining({ service: 'telemetry-probe', kind: 'server', name: 'GET' }),
    );
  });
});
