import { ConfigError } from '../config/config-error';
import { startTelemetry } from './start-telemetry';

async function problemsOf(env: Record<string, string>) {
  const e = await startTelemetry('probe', env).catch((err: unknown) => err);
  if (!(e instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(e)}`);
  return e.problems.map((p) => ({ variable: p.variable, rule: p.rule }));
}

describe('telemetry settings', () => {
  it('stops the start-up naming the variable when an endpoint is not an http(s) URL', async () => {
    expect(await problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toEqual([
      { variable: 'OTEL_EXPORTER_OTLP_ENDPOINT', rule: 'isUrl' },
    ]);
    expect(await problemsOf({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'ftp://collector/v1/traces' })).toEqual([
      { variable: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', rule: 'isUrl' },
    ]);
  });

  it('refuses a protocol the installed exporter does not speak', async () => {
    expect(
      await problemsOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }),
    ).toEqual([{ variable: 'OTEL_EXPORTER_OTLP_PROTOCOL', rule: 'isIn' }]);
  });

  it('starts nothing without an endpoint (an empty variable counts as unset)', async () => {
    await expect(startTelemetry('probe', {})).resolves.toBe(false);
    await expect(startTelemetry('probe', { OTEL_EXPORTER_OTLP_ENDPOINT: '' })).resolves.toBe(false);
  });
});
