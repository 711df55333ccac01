import { childSpan, TraceContext } from './trace-context';

// Who opens the spans of our own units of work (an applied event, a relayed event). By default only
// ids: log lines and events carry them and nothing is recorded. When OTLP export is configured,
// libs/platform/src/telemetry installs the OpenTelemetry SDK's recorder, so the same ids belong to
// exported spans. It lives here, beside the trace context, because libs/messaging opens these spans
// and may not import libs/platform (docs/adr/0012-trace-context.md).

/** A span in progress: its ids, a way to run work inside it, and its end. */
export interface OpenSpan {
  readonly context: TraceContext;
  /** Runs fn inside the span, so spans opened by instrumentations (pg queries) become its children. */
  run<T>(fn: () => T): T;
  end(error?: unknown): void;
}

export type SpanKindName = 'consumer' | 'producer';

export interface SpanRecorder {
  /** Whether spans are recorded and exported (false: ids only), so hot paths open no span for nothing. */
  readonly exports: boolean;
  /** A span of `name` as a child of `parent` (or a new trace). */
  open(
    name: string,
    kind: SpanKindName,
    parent: TraceContext | undefined,
    attributes?: Record<string, string>,
  ): OpenSpan;
  /** The span an instrumentation opened for the work in progress (the HTTP server span), if any. */
  active(): TraceContext | undefined;
  /** Names that span once we know more than the instrumentation did (the route of a request). */
  describeActive(name: string, attributes: Record<string, string>): void;
  /** Runs fn without the instrumentations' own spans and headers (the relay's send: its spans are opened per row). */
  untraced<T>(fn: () => T): T;
}

/** Ids only: what runs when no exporter is configured. */
export const idOnlyRecorder: SpanRecorder = {
  exports: false,
  open: (_name, _kind, parent) => ({ context: childSpan(parent), run: (fn) => fn(), end: () => undefined }),
  active: () => undefined,
  describeActive: () => undefined,
  untraced: (fn) => fn(),
};

let recorder: SpanRecorder = idOnlyRecorder;

export const spans = {
  /** The recorder in use (idOnlyRecorder until the platform's telemetry installs another). */
  get recorder(): SpanRecorder {
    return recorder;
  },
  install(r: SpanRecorder): void {
    recorder = r;
  },
};
