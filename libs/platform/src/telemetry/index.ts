// A separate entry point (@civic/platform/telemetry) so main.ts can start tracing before the rest of
// the platform, and with it http, pg and kafkajs, is loaded.
export { launchService, startTelemetry, telemetry } from './start-telemetry';
export { exportsTraces, TelemetryConfig } from './telemetry.config';
