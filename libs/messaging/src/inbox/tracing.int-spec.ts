import { childSpan, EventEnvelope, parseTraceparent, toKafkaRecord, tracing } from '@civic/contracts';
import { Logger, LoggerService } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { COUNTER_TOPIC, counterEvent, CounterIncremented } from '../../test-support/counter-events';
import { isolatedSchema, isolatedTopics, waitUntil } from '../../test-support/isolation';
import { openMessagingDb } from '../../test-support/messaging-db';
import { Outbox } from '../outbox/outbox';
import { InboxConsumer } from './inbox-consumer';

jest.setTimeout(120_000);

// One request's trace through a consumer: the consumer applies the event in a span of the trace it
// carries, so the handler's log line and the event it appends to the outbox carry the same trace id.
describe('the trace an event carries through a consumer', () => {
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  let ds: DataSource;
  let topics: Awaited<ReturnType<typeof isolatedTopics>>;
  let consumer: InboxConsumer | undefined;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    schema = await isolatedSchema('trace');
    ds = await openMessagingDb(schema.url);
    topics = await isolatedTopics('trace', [COUNTER_TOPIC], 1);
    // stands in for the platform's JSON logger, which adds the current trace to every line
    const record = (level: string) => (message: unknown) =>
      lines.push({ level, ...(message as object), traceId: tracing.current()?.traceId });
    const recorder: LoggerService = {
      log: record('info'),
      warn: record('warn'),
      error: record('error'),
      debug: record('debug'),
    };
    Logger.overrideLogger(recorder);
    Logger.overrideLogger(['debug', 'log', 'warn', 'error']);
  });
  afterAll(async () => {
    await consumer?.stop();
    Logger.overrideLogger(false as never);
    await topics?.drop();
    await ds?.destroy();
    await schema?.drop();
  });

  it('reaches the handler, its log line and the event it produces', async () => {
    const request = childSpan();
    const untraced = counterEvent('trace-0', 1);
    const traced = tracing.run(request, () => counterEvent('trace-1', 1));
    expect(parseTraceparent(traced.traceparent)?.traceId).toBe(request.traceId);
    await topics.probe.send(
      topics.topic(COUNTER_TOPIC),
      [untraced, traced].map((e) => toKafkaRecord(e, topics.topic(COUNTER_TOPIC))),
    );

    const seen: { eventId: string; traceId?: string; spanId?: string }[] = [];
    const outbox = new Outbox();
    consumer = new InboxConsumer({
      dataSource: ds,
      kafka: topics.connection,
      service: 'testkit',
      consumer: 'trace',
      topics: [COUNTER_TOPIC],
      handle: async (event, ctx) => {
        const e = event as EventEnvelope<CounterIncremented>;
        seen.push({ eventId: e.id, traceId: tracing.current()?.traceId, spanId: tracing.current()?.spanId });
        new Logger('counter').log({ msg: 'counted', eventId: e.id });
        await outbox.append(ctx.manager, counterEvent(e.data.counterId, e.data.seq + 1));
      },
    });
    await consumer.start();
    // applied = the handler returned and applyEvent logged it (the line comes after the handler's
    // own statement); waiting only for the handler to be entered raced that line
    await waitUntil(
      'both applied',
      async () => seen.length >= 2 && lines.filter((l) => String(l.msg).startsWith('applied ')).length >= 2,
    );

    const [first, second] = seen;
    expect(second).toMatchObject({ eventId: traced.id, traceId: request.traceId });
    expect(second.spanId).not.toBe(request.spanId); // the consumer's own span of the trace
    expect(first.traceId).toMatch(/^[0-9a-f]{32}$/); // an untraced event starts a trace of its own
    expect(first.traceId).not.toBe(request.traceId);

    expect(lines.find((l) => l.msg === 'counted' && l.eventId === traced.id)?.traceId).toBe(request.traceId);
    expect(lines.find((l) => l.msg === `applied ${traced.type} v1` && l.eventId === traced.id)?.traceId).toBe(
      request.traceId,
    );
    const produced: { key: string; traceparent: string; header: string }[] = await ds.query(
      `SELECT message_key AS key, payload::jsonb->>'traceparent' AS traceparent, headers->>'traceparent' AS header FROM outbox_message ORDER BY id`,
    );
    const effect = produced.find((p) => p.key === 'trace-1')!;
    expect(parseTraceparent(effect.traceparent)?.traceId).toBe(request.traceId);
    expect(effect.header).toBe(effect.traceparent);
  });
});
