import { EventEnvelope, parseTraceparent, Topics } from '@civic/contracts';
import { signDevTokenFor } from '@civic/platform';
import {
  collectEvents,
  FreshTopics,
  freshTopics,
  OtlpReceiver,
  ReceivedSpan,
  ServiceProcess,
  startOtlpReceiver,
  startServiceProcess,
  waitFor,
  withClient,
} from '@civic/testing';
import { randomBytes } from 'node:crypto';

jest.setTimeout(240_000);

// One request followed across departments by its W3C trace id, with the OpenTelemetry SDK on in both
// services (docs/adr/0012-trace-context.md). Social assistance and child welfare run as separate
// processes exporting OTLP/HTTP JSON to a receiver in this test: the caller's traceparent is the
// parent of social assistance's HTTP server span; the event carries that span's context through the
// outbox (envelope and Kafka header); the relay's send and child welfare's processing continue that
// trace (not the relay's poll or the consumer's batch), so the receiver gets one trace from both
// services, and child welfare's log line and its effect (the INSERT, a pg span) name it.
// (That a consumer's own events carry the trace on: libs/messaging/src/inbox/tracing.int-spec.ts;
// that nothing is loaded or sent without an endpoint: libs/platform/src/telemetry/start-telemetry.int-spec.ts.)
describe('a request traced across departments with OpenTelemetry', () => {
  const jwtSecret = randomBytes(32).toString('hex');
  let topics: FreshTopics;
  let receiver: OtlpReceiver;
  let assistance: ServiceProcess | undefined;
  let childWelfare: ServiceProcess | undefined;

  beforeAll(async () => {
    [topics, receiver] = await Promise.all([
      freshTopics('sa_trace', [...new Set(Object.values(Topics))], 1),
      startOtlpReceiver(),
    ]);
    const otel = {
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      // export within a fraction of a second instead of the default 5 s
      OTEL_BSP_SCHEDULE_DELAY: '200',
    };
    const common = { topicPrefix: topics.prefix, jwtSecret };
    [assistance, childWelfare] = await Promise.all([
      startServiceProcess({
        ...common,
        app: 'social-assistance',
        schemaPrefix: 'sa_trace',
        env: { ...otel, OVERDUE_SCAN_INTERVAL_MS: '0' },
      }),
      startServiceProcess({
        ...common,
        app: 'child-welfare',
        schemaPrefix: 'sa_trace_cw',
        env: { ...otel, LOG_LEVEL: 'debug' },
      }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([childWelfare?.stop(), assistance?.stop()]);
    await Promise.all([topics?.drop(), receiver?.close()]);
  });

  it('exports one trace from the caller’s traceparent through the outbox into the consuming service’s span, log line and effect', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpanId = '00f067aa0ba902b7';
    const admin = await signDevTokenFor({ JWT_SECRET: jwtSecret }, { sub: 'admin-1', roles: ['assistance:admin'] });
    const key = 'assistance.dibao.standard.urban';
    const res = await fetch(`${assistance!.baseUrl}/api/v1/parameters/scheduled`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${admin}`,
        'content-type': 'application/json',
        traceparent: `00-${traceId}-${callerSpanId}-01`,
        'x-request-id': 'req-trace-1',
      },
      body: JSON.stringify({ key, value: 150000, effectiveFrom: '2099-01-01', source: 'trace test' }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-request-id')).toBe('req-trace-1');
    const served = parseTraceparent(res.headers.get('traceresponse'));
    expect(served?.traceId).toBe(traceId);

    // the event: the request's trace in the envelope, and the same value in the Kafka header (the
    // kafkajs instrumentation's own header is suppressed in the relay)
    const [record] = await collectEvents(topics.topic('policy.parameter'), 1);
    const event = record.json as EventEnvelope;
    expect(event).toMatchObject({ type: 'policy.parameter.value-scheduled', correlationid: 'req-trace-1' });
    const carried = parseTraceparent(event.traceparent);
    expect(carried?.traceId).toBe(traceId);
    expect(record.headers.traceparent).toBe(event.traceparent);

    const ofTrace = (service: string, pick: (s: ReceivedSpan) => boolean) =>
      receiver.spans().find((s) => s.service === service && s.traceId === traceId && pick(s));
    // social assistance: the HTTP server span is a child of the caller's span and is the span the
    // response names; the relay's send continues the trace stored in the outbox row
    const server = await waitFor('social assistance exports its HTTP server span', async () =>
      ofTrace('social-assistance', (s) => s.kind === 'server'),
    );
    expect(server).toMatchObject({
      parentSpanId: callerSpanId,
      spanId: served!.spanId,
      name: 'POST /api/v1/parameters/scheduled',
    });
    const send = await waitFor('social assistance exports the relay’s send span', async () =>
      ofTrace('social-assistance', (s) => s.kind === 'producer' && s.name === 'send policy.parameter'),
    );
    expect(send.attributes['messaging.message.id']).toBe(event.id);

    // child welfare: the processing span continues the event's trace (parent: the span the event was
    // written in), and the INSERT of the effect is a pg span inside it
    const processing = await waitFor('child welfare exports its processing span in the request’s trace', async () =>
      ofTrace('child-welfare', (s) => s.kind === 'consumer' && s.name === 'process policy.parameter.value-scheduled'),
    );
    expect(processing.parentSpanId).toBe(carried!.spanId);
    expect(processing.attributes['messaging.message.id']).toBe(event.id);
    const insert = await waitFor('child welfare exports the INSERT of its effect in the same trace', async () =>
      ofTrace(
        'child-welfare',
        (s) =>
          s.parentSpanId === processing.spanId &&
          /INSERT INTO\s+"?scheduled_parameter/i.test(
            String(s.attributes['db.query.text'] ?? s.attributes['db.statement']),
          ),
      ),
    );
    expect(insert.kind).toBe('client');

    // the log line of the handler names the processing span
    const applied = await waitFor('child welfare applies the event and logs it', async () =>
      childWelfare!
        .logs()
        .find((l) => l.msg === 'applied policy.parameter.value-scheduled v1' && l.eventId === event.id),
    );
    expect(applied).toMatchObject({
      level: 'debug',
      service: 'child-welfare',
      context: 'inbox',
      traceId,
      spanId: processing.spanId,
    });
    // and the effect is there
    const rows = await withClient(childWelfare!.schema.url, (c) =>
      c.query(`SELECT source FROM "${childWelfare!.schema.schema}".scheduled_parameter WHERE key = $1`, [key]),
    );
    expect(rows.rows).toEqual([{ source: 'trace test' }]);

    // one schema for every line, the Kafka client's included
    const lines = childWelfare!.logs();
    expect(lines.filter((l) => 'unparsed' in l)).toEqual([]);
    expect(lines.some((l) => l.context === 'kafka')).toBe(true);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
