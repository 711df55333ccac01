import { EventEnvelope, parseTraceparent, Topics } from '@civic/contracts';
import { collectEvents, FreshTopics, freshTopics, ServiceProcess, startServiceProcess, waitFor } from '@civic/testing';
import { AssistanceApp, startAssistanceApp } from './assistance-app.fixture';

jest.setTimeout(240_000);

// One request followed across departments by its W3C trace id: the caller's traceparent reaches the
// event social assistance publishes (envelope and Kafka header), and child welfare, a separate
// process, applies that event in a span of the same trace, so its log line names the trace.
// (That a consumer's own events carry the trace on: libs/messaging/src/inbox/tracing.int-spec.ts.)
describe('a request traced across departments', () => {
  let topics: FreshTopics;
  let t: AssistanceApp;
  let childWelfare: ServiceProcess | undefined;

  beforeAll(async () => {
    topics = await freshTopics('sa_trace', [...new Set(Object.values(Topics))], 1);
    t = await startAssistanceApp('sa_trace', {}, topics);
    childWelfare = await startServiceProcess({
      app: 'child-welfare',
      schemaPrefix: 'sa_trace_cw',
      topicPrefix: topics.prefix,
      jwtSecret: t.env.JWT_SECRET,
      env: { LOG_LEVEL: 'debug' },
    });
  });
  afterAll(async () => {
    await childWelfare?.stop();
    await t?.close();
    await topics?.drop();
  });

  it('carries the caller’s trace id from the request to the event and into the consuming service’s log', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const admin = await t.token('admin-1', ['assistance:admin']);
    const res = await t.call(
      'POST',
      '/api/v1/parameters/scheduled',
      admin,
      { key: 'assistance.dibao.standard.urban', value: 150000, effectiveFrom: '2099-01-01', source: 'trace test' },
      { traceparent: `00-${traceId}-00f067aa0ba902b7-01`, 'x-request-id': 'req-trace-1' },
    );
    expect(res.status).toBe(201);
    expect(res.headers['x-request-id']).toBe('req-trace-1');
    expect(parseTraceparent(res.headers.traceresponse)?.traceId).toBe(traceId);

    const [record] = await collectEvents(topics.topic('policy.parameter'), 1);
    const event = record.json as EventEnvelope;
    expect(event).toMatchObject({ type: 'policy.parameter.value-scheduled', correlationid: 'req-trace-1' });
    expect(parseTraceparent(event.traceparent)?.traceId).toBe(traceId);
    expect(record.headers.traceparent).toBe(event.traceparent);

    const applied = await waitFor('child welfare applies the event and logs it', async () =>
      childWelfare!
        .logs()
        .find((l) => l.msg === 'applied policy.parameter.value-scheduled v1' && l.eventId === event.id),
    );
    expect(applied).toMatchObject({ level: 'debug', service: 'child-welfare', context: 'inbox', traceId });
    expect(applied.spanId).not.toBe('00f067aa0ba902b7');
    // one schema for every line, the Kafka client's included
    const lines = childWelfare!.logs();
    expect(lines.filter((l) => 'unparsed' in l)).toEqual([]);
    expect(lines.some((l) => l.context === 'kafka')).toBe(true);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
