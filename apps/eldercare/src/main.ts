import { launchService } from '@civic/platform/telemetry';

// Tracing first: the OpenTelemetry SDK, when an OTLP endpoint is set, must patch http, pg and kafkajs
// before the service's modules load them (docs/adr/0012-trace-context.md).
void launchService('eldercare', () => import('./service'));
