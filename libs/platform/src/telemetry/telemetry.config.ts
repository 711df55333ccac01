import { IsIn, IsOptional, IsUrl } from 'class-validator';

const OTLP_URL = { protocols: ['http', 'https'], require_tld: false, require_protocol: true };

/**
 * The OpenTelemetry settings this platform reads (the SDK reads the rest of the standard OTEL_*
 * variables itself, e.g. OTEL_BSP_SCHEDULE_DELAY). Validated before the SDK is loaded, so a bad URL
 * stops the start-up with a ConfigError naming the variable instead of failing every export later.
 * Export is on when either endpoint is set: docs/adr/0012-trace-context.md.
 */
export class TelemetryConfig {
  /** Base URL of an OTLP/HTTP receiver (a collector); traces go to <url>/v1/traces. */
  @IsUrl(OTLP_URL, { message: 'OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s):// URL of an OTLP/HTTP receiver' })
  @IsOptional()
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;

  /** Full URL for traces, used as is; wins over OTEL_EXPORTER_OTLP_ENDPOINT. */
  @IsUrl(OTLP_URL, {
    message: 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an http(s):// URL of an OTLP/HTTP traces receiver',
  })
  @IsOptional()
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;

  /** The installed exporter (@opentelemetry/exporter-trace-otlp-http) speaks OTLP/HTTP with JSON bodies only. */
  @IsIn(['http/json'], {
    message: 'OTEL_EXPORTER_OTLP_PROTOCOL must be http/json (the only protocol the exporter speaks)',
  })
  @IsOptional()
  OTEL_EXPORTER_OTLP_PROTOCOL?: 'http/json';

  @IsIn(['http/json'], {
    message: 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL must be http/json (the only protocol the exporter speaks)',
  })
  @IsOptional()
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?: 'http/json';
}

/** Whether spans are exported: only when a receiver is configured. */
export function exportsTraces(c: TelemetryConfig): boolean {
  return Boolean(c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? c.OTEL_EXPORTER_OTLP_ENDPOINT);
}
