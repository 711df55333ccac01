import { OpenSpan, SpanKindName, SpanRecorder, TraceContext } from '@civic/contracts';
import {
  context,
  createContextKey,
  isSpanContextValid,
  ROOT_CONTEXT,
  SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { redactIdNumbers } from '../logging/redact-id-numbers';

// @opentelemetry/core's suppressTracing() key (a Symbol.for, so this is the same key): the SDK's
// tracer opens no span and the W3C propagator injects no header under it. Recreated here because
// core is only a transitive dependency.
const SUPPRESS_TRACING = createContextKey('OpenTelemetry SDK Context Key SUPPRESS_TRACING');

const KINDS: Record<SpanKindName, SpanKind> = { consumer: SpanKind.CONSUMER, producer: SpanKind.PRODUCER };

function ids(sc: SpanContext): TraceContext {
  return {
    traceId: sc.traceId,
    spanId: sc.spanId,
    sampled: (sc.traceFlags & TraceFlags.SAMPLED) === TraceFlags.SAMPLED,
  };
}

/**
 * Our spans as OpenTelemetry spans: an applied or relayed event continues the trace its stored
 * `traceparent` names (a remote parent), never the trace of the poll or batch it happens to run in.
 */
export function otelSpanRecorder(): SpanRecorder {
  const tracer = trace.getTracer('@civic/platform');
  return {
    exports: true,
    open(name, kind, parent, attributes): OpenSpan {
      const parentContext = parent
        ? trace.setSpanContext(ROOT_CONTEXT, {
            traceId: parent.traceId,
            spanId: parent.spanId,
            traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
            isRemote: true,
          })
        : ROOT_CONTEXT;
      const span = tracer.startSpan(name, { kind: KINDS[kind], attributes }, parentContext);
      const inSpan = trace.setSpan(parentContext, span);
      return {
        context: ids(span.spanContext()),
        run: (fn) => context.with(inSpan, fn),
        end: (error) => {
          if (error !== undefined) {
            // exported like a log line, so redacted like one: no resident ID numbers leave the process
            const e = error instanceof Error ? error : new Error(String(error));
            span.recordException({ name: e.name, message: redactIdNumbers(e.message) });
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.end();
        },
      };
    },
    active() {
      const sc = trace.getActiveSpan()?.spanContext();
      return sc && isSpanContextValid(sc) ? ids(sc) : undefined;
    },
    describeActive(name, attributes) {
      const span = trace.getActiveSpan();
      span?.updateName(name);
      span?.setAttributes(attributes);
    },
    untraced: (fn) => context.with(context.active().setValue(SUPPRESS_TRACING, true), fn),
  };
}
