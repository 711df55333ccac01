import { spans } from '@civic/contracts';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { KafkaJsInstrumentation } from '@opentelemetry/instrumentation-kafkajs';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { otelSpanRecorder } from './otel-span-recorder';
import { TelemetryConfig } from './telemetry.config';

// Loaded only when an OTLP endpoint is configured (start-telemetry.ts): without one, none of the
// SDK's modules is required and nothing patches http, pg or kafkajs.

// probes and scrapes every few seconds would otherwise each be a trace of their own
const UNTRACED_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

/** OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as is, else the signal path under OTEL_EXPORTER_OTLP_ENDPOINT (the OTLP spec's rule). */
function tracesUrl(c: TelemetryConfig): string {
  return c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? `${c.OTEL_EXPORTER_OTLP_ENDPOINT!.replace(/\/+$/, '')}/v1/traces`;
}

/** Starts the SDK: spans of HTTP requests, pg queries inside them, Kafka, and our own spans (otel-span-recorder.ts). */
export function startOtelSdk(serviceName: string, config: TelemetryConfig): NodeSDK {
  const sdk = new NodeSDK({
    serviceName,
    // the validated endpoint; headers and timeout come from the standard OTEL_EXPORTER_OTLP_* variables
    traceExporter: new OTLPTraceExporter({ url: tracesUrl(config) }),
    // traces only: metrics are Prometheus at /metrics and logs are JSON lines on stdout
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      new HttpInstrumentation({ ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.test(req.url ?? '') }),
      // a query outside a traced request or event (the relay's poll, migrations) is no trace of its own
      new PgInstrumentation({ requireParentSpan: true }),
      // its producer spans are suppressed in the relay, which opens one per row in the row's trace;
      // its consumer spans (poll, process) link to the event's trace (docs/adr/0012-trace-context.md)
      new KafkaJsInstrumentation(),
    ],
  });
  sdk.start();
  spans.install(otelSpanRecorder());
  return sdk;
}
