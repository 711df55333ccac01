// The one place that knows the HTTP adapter is Fastify (ADR: Fastify vs Express). Swapping the
// adapter means rewriting this file; everything else goes through Nest's HttpServer abstraction.
import { childSpan, formatTraceparent, parseTraceparent, spans, TraceContext, tracing } from '@civic/contracts';
import { Logger } from '@nestjs/common';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingMessage } from 'node:http';
import { correlation } from '../logging/correlation';
import { httpRequestDuration } from '../metrics/http-metrics';
import { frameworkErrorAsProblem, installInputGuards } from './hostile-input';

/** The application type services get back from the bootstrap. */
export type ServiceApp = NestFastifyApplication;

/**
 * The adapter: no Fastify logger (the Nest JSON logger is used), a body limit, the caller's
 * correlation id (`X-Request-Id`, or `X-Correlation-Id`) as request id when it is safe to echo, and
 * Fastify's own URL errors (414, malformed escapes) answered as problem details.
 */
export function createHttpAdapter(opts: { bodyLimit: number }): FastifyAdapter {
  return new FastifyAdapter({
    logger: false,
    bodyLimit: opts.bodyLimit,
    genReqId: (req: IncomingMessage) =>
      correlation.accept(req.headers['x-request-id'] ?? req.headers['x-correlation-id']),
    frameworkErrors: frameworkErrorAsProblem,
  });
}

const started = new WeakMap<FastifyRequest, bigint>();
const traces = new WeakMap<FastifyRequest, TraceContext>();

/**
 * Request hooks: the correlation id is echoed and, with the request's W3C trace context (a span of
 * the caller's `traceparent`, or a new trace), kept in AsyncLocalStorage for the handler, so logs and
 * the events it writes carry both; every response (404s and parse errors included) is timed into
 * the histogram and logged; hostile input (deep JSON, NUL characters) is refused before validation
 * (hostile-input.ts).
 */
export function installRequestHooks(app: ServiceApp): void {
  installInputGuards(app.getHttpAdapter() as FastifyAdapter);
  const fastify = app.getHttpAdapter().getInstance();
  const logger = new Logger('http');
  const inContext = (req: FastifyRequest, done: () => void) =>
    correlation.run(req.id, () => tracing.run(traces.get(req)!, done));
  fastify.addHook('onRequest', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    started.set(req, process.hrtime.bigint());
    // with OpenTelemetry on, the HTTP server span its instrumentation opened (a child of the same
    // traceparent), so logs and events name a span the collector has
    const trace = spans.recorder.active() ?? childSpan(parseTraceparent(req.headers.traceparent));
    // the instrumentation knows only the method; the route template (never the raw URL) names the span
    if (spans.recorder.exports && req.routeOptions?.url)
      spans.recorder.describeActive(`${req.method} ${req.routeOptions.url}`, { 'http.route': req.routeOptions.url });
    traces.set(req, trace);
    reply.header('x-correlation-id', req.id);
    reply.header('x-request-id', req.id);
    // W3C Trace Context level 2: the trace this request was served in
    reply.header('traceresponse', formatTraceparent(trace));
    inContext(req, done);
  });
  // body parsing may leave the async context; re-enter it for guards, pipes and the handler
  fastify.addHook('preHandler', (req: FastifyRequest, _reply: FastifyReply, done: () => void) => inContext(req, done));
  // A response finished while the server closes must also close its keep-alive connection,
  // or close() waits for the client's idle socket (up to keepAliveTimeout) and the grace period runs out.
  let closing = false;
  fastify.addHook('preClose', (done: () => void) => {
    closing = true;
    done();
  });
  fastify.addHook(
    'onSend',
    (_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      if (closing) reply.header('connection', 'close');
      done(null, payload);
    },
  );
  fastify.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const start = started.get(req);
    const seconds = start === undefined ? 0 : Number(process.hrtime.bigint() - start) / 1e9;
    // the route template, never the raw URL: bounded label values and no ids in metrics
    const route = req.routeOptions?.url ?? 'unmatched';
    httpRequestDuration().observe({ method: req.method, route, status_code: String(reply.statusCode) }, seconds);
    logger.log({
      msg: `${req.method} ${route} ${reply.statusCode}`,
      correlationId: req.id,
      traceId: traces.get(req)?.traceId,
      method: req.method,
      route,
      status: reply.statusCode,
      durationMs: Math.round(seconds * 1000),
    });
    done();
  });
}
