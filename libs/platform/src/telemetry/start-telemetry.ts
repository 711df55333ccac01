import { loadConfig } from '../config/load-config';
import { JsonLogger } from '../logging/json.logger';
import { exportsTraces, TelemetryConfig } from './telemetry.config';

// The one entry of every app's main.ts (libs/platform/src/telemetry/index.ts, imported as
// @civic/platform/telemetry): it loads nothing heavy, because the OpenTelemetry SDK patches http,
// pg and kafkajs only when they are required after it has started.

type Env = Record<string, string | undefined>;

let running: { serviceName: string; shutdown(): Promise<void> } | undefined;

/**
 * Validates the OTEL_* settings (a ConfigError names a bad one) and, only when an OTLP endpoint is
 * set, loads and starts the OpenTelemetry SDK with the service name as `service.name`. Returns
 * whether it started; without an endpoint no SDK module is loaded and nothing is exported.
 */
export async function startTelemetry(serviceName: string, env: Env = process.env): Promise<boolean> {
  const config = loadConfig(TelemetryConfig, env);
  if (!exportsTraces(config)) return false;
  const { startOtelSdk } = await import('./otel-sdk');
  const sdk = startOtelSdk(serviceName, config);
  running = { serviceName, shutdown: () => sdk.shutdown() };
  return true;
}

export const telemetry = {
  /** The service name the SDK was started with, or undefined when it is off. */
  serviceName: (): string | undefined => running?.serviceName,
  /** Exports the spans still buffered; the shutdown calls it last. */
  flush: async (): Promise<void> => {
    await running?.shutdown();
  },
};

/**
 * main.ts: telemetry first, then `load` imports the service's modules and starts it. A bad setting
 * is logged like any start-up failure and the process exits with 1.
 */
export async function launchService(serviceName: string, load: () => Promise<unknown>): Promise<void> {
  try {
    await startTelemetry(serviceName);
    await load();
  } catch (e) {
    // a bad OTEL_* setting, or a module of the service that fails to load (bootstrapService reports its own failures)
    new JsonLogger(serviceName).fatal(e instanceof Error ? e.message : String(e), 'bootstrap');
    process.exit(1);
  }
}
