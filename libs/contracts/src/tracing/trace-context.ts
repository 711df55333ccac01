import { AsyncLocalStorage } from 'node:async_hooks';
import { randomSlice } from '@civic/identity';

// W3C Trace Context (https://www.w3.org/TR/trace-context/) carried by every event as the CloudEvents
// distributed-tracing extension attribute `traceparent` and the Kafka header of the same name, so
// one request can be followed through the outbox and every consumer it reaches. It lives beside the
// envelope because producers (HTTP requests, libs/platform) and consumers (libs/messaging) both
// need it and neither may import the other.

/** One position in a trace: the trace, this unit of work (span) and the sampled flag. */
export interface TraceContext {
  traceId: string;
  spanId: string;
  sampled: boolean;
}

export const TRACEPARENT_PATTERN = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const ALL_ZEROS = /^0+$/;

/** A traceparent header value, or undefined when it is not a valid version-00 one (then a new trace starts). */
export function parseTraceparent(value: unknown): TraceContext | undefined {
  if (typeof value !== 'string') return undefined;
  const m = TRACEPARENT_PATTERN.exec(value.trim());
  if (!m || ALL_ZEROS.test(m[1]) || ALL_ZEROS.test(m[2])) return undefined;
  return { traceId: m[1], spanId: m[2], sampled: (parseInt(m[3], 16) & 1) === 1 };
}

export function formatTraceparent(t: TraceContext): string {
  return `00-${t.traceId}-${t.spanId}-${t.sampled ? '01' : '00'}`;
}

// ids from pooled CSPRNG draws: a randomBytes call per id (two per request) was 3.6% of a REST
// write's CPU (docs/benchmarks.md, City scale, "P2 REST write", fourth pass)
const randomHex = (bytes: number) => randomSlice(bytes).toString('hex');

/** The context of work done on behalf of `parent` (same trace, a span of its own), or a new trace. */
export function childSpan(parent?: TraceContext): TraceContext {
  return {
    traceId: parent?.traceId ?? randomHex(16),
    spanId: randomHex(8),
    sampled: parent?.sampled ?? true,
  };
}

const storage = new AsyncLocalStorage<TraceContext>();

/** The trace of the work in progress (an HTTP request, a consumed event), kept across awaits. */
export const tracing = {
  run<T>(context: TraceContext, fn: () => T): T {
    return storage.run(context, fn);
  },
  current(): TraceContext | undefined {
    return storage.getStore();
  },
};
