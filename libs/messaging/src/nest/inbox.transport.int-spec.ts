import { EventEnvelope } from '@civic/contracts';
import { INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import {
  COUNTER_TOPIC,
  counterEvent,
  CounterIncremented,
  counterIncrementedV1,
} from '../../test-support/counter-events';
import { isolatedSchema, isolatedTopics, waitUntil } from '../../test-support/isolation';
import { createEvent } from '@civic/contracts';
import { InboxContext } from '../inbox/inbox-context';
import { InboxListener } from './inbox-listener.decorator';
import { PENDING_COUNT_SQL } from '../outbox/outbox-pending';
import { NonRetryableError } from '../inbox/non-retryable.error';
import { InboxTransport, inboxTransportFor } from './inbox.transport';
import { messagingEntities, messagingMigrations } from '../messaging-schema';
import { MessagingModule } from './messaging.module';
import { Outbox } from '../outbox/outbox';
import { OutboxRelayService } from './outbox-relay.service';

// the 120 s testTimeout on the integration project entry is not applied (jest takes it only at the top level)
jest.setTimeout(120_000);

@InboxListener()
class CounterListener {
  constructor(private readonly outbox: Outbox) {}

  @EventPattern('testkit.counter.incremented')
  async onIncremented(@Payload() event: EventEnvelope<CounterIncremented>, @Ctx() ctx: InboxContext): Promise<void> {
    if (event.data.note === 'explode') throw new Error('listener cannot handle this');
    if (event.data.note === 'reject') throw new NonRetryableError('counter is closed');
    await ctx.manager.query(
      `INSERT INTO counter_effect (counter_id, seq, event_id, consumer) VALUES ($1, $2, $3, $4)`,
      [event.data.counterId, event.data.seq, event.id, ctx.record.consumer],
    );
    if (event.data.note === 'echo me') {
      // a consequence of this event, appended in the same transaction as the effect
      const echo = createEvent(
        counterIncrementedV1,
        { counterId: event.subject, seq: event.data.seq + 1, note: 'echo' },
        ctx.origin(event.subject),
      );
      await this.outbox.append(ctx.manager, echo);
    }
  }
}

describe('MessagingModule and the inbox transport in a Nest app', () => {
  const withSchema = async <T>(fn: (c: Client) => Promise<T>): Promise<T> => {
    const c = new Client({ connectionString: schema.url });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  };
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  let topics: Awaited<ReturnType<typeof isolatedTopics>>;
  let app: INestApplication | undefined;
  let transport: InboxTransport;

  beforeAll(async () => {
    [schema, topics] = await Promise.all([isolatedSchema('nest'), isolatedTopics('nest', [COUNTER_TOPIC], 3)]);
    @Module({
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: schema.url,
          entities: messagingEntities,
          migrations: messagingMigrations,
          migrationsRun: true,
          synchronize: false,
        }),
        MessagingModule.forRootAsync({
          useFactory: () => ({
            service: 'testkit',
            brokers: topics.connection.brokers,
            topicPrefix: topics.connection.topicPrefix,
            relay: { pollIntervalMs: 20 },
          }),
        }),
      ],
      controllers: [CounterListener],
    })
    class AppModule {}
    app = await NestFactory.create(AppModule, { logger: false });
    transport = inboxTransportFor(app, { retry: { attempts: 2, initialBackoffMs: 20 } });
    app.connectMicroservice({ strategy: transport }, { inheritAppConfig: true });
    await app.init();
    await app
      .get(DataSource)
      .query(
        `CREATE TABLE counter_effect (id bigserial PRIMARY KEY, counter_id text NOT NULL, seq int NOT NULL, event_id text NOT NULL, consumer text NOT NULL)`,
      );
    await app.startAllMicroservices();
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([schema?.drop(), topics?.drop()]);
  });

  it('routes an event to its @EventPattern handler inside the inbox transaction, and events it appends carry the causation', async () => {
    const ds = app!.get(DataSource);
    const original = counterEvent('nest-1', 1, 'echo me');
    await ds.transaction((m) => app!.get(Outbox).append(m, original));

    await waitUntil(
      'the original and its echo applied',
      async () => (await ds.query(`SELECT 1 FROM counter_effect`)).length >= 2,
    );
    const effects = await ds.query(`SELECT counter_id, seq, consumer FROM counter_effect ORDER BY id`);
    expect(effects).toEqual([
      { counter_id: 'nest-1', seq: 1, consumer: COUNTER_TOPIC },
      { counter_id: 'nest-1', seq: 2, consumer: COUNTER_TOPIC },
    ]);
    const records = await topics.collect(topics.topic(COUNTER_TOPIC), 2);
    const echo = records.map((r) => r.json as EventEnvelope).find((e) => e.id !== original.id)!;
    expect(echo).toMatchObject({
      causationid: original.id,
      correlationid: original.correlationid,
      source: '/civic/testkit',
      subject: 'nest-1',
    });
    expect(await ds.query(`SELECT count(*)::int AS n FROM inbox_message`)).toEqual([{ n: 2 }]);
  });

  it('dead-letters an event whose handler keeps throwing through Nest, rather than swallowing or looping on it', async () => {
    const ds = app!.get(DataSource);
    const bad = counterEvent('nest-2', 1, 'explode');
    await ds.transaction((m) => app!.get(Outbox).append(m, bad));
    const [dl] = await topics.probe.collect(topics.dlq(COUNTER_TOPIC), { count: 1, timeoutMs: 60_000 });
    expect(dl.headers).toMatchObject({
      'dlq-reason': 'handler-failed',
      'dlq-attempts': '2',
      ce_id: bad.id,
      'dlq-consumer': COUNTER_TOPIC,
    });
    expect(dl.headers['dlq-message']).toContain('listener cannot handle this');
  });

  it('dead-letters a NonRetryableError from a Nest listener after one attempt', async () => {
    const ds = app!.get(DataSource);
    const rejected = counterEvent('nest-4', 1, 'reject');
    await ds.transaction((m) => app!.get(Outbox).append(m, rejected));
    const dls = await topics.probe.collect(topics.dlq(COUNTER_TOPIC), {
      until: (r) => r.headers.ce_id === rejected.id,
      timeoutMs: 60_000,
    });
    expect(dls[dls.length - 1].headers).toMatchObject({
      'dlq-reason': 'rejected',
      'dlq-attempts': '1',
      'dlq-message': 'NonRetryableError: counter is closed',
    });
  });

  it('answers readiness for the broker, the relay and each consumer', async () => {
    await expect(app!.get(OutboxRelayService).check()).resolves.toEqual({
      broker: { ok: true, detail: expect.stringContaining('broker') },
      relay: { ok: true, detail: 'leader' },
      [`consumer:${COUNTER_TOPIC}`]: { ok: true, detail: 'consuming' },
    });
    expect(transport.health()).toEqual({ [`consumer:${COUNTER_TOPIC}`]: { ok: true, detail: 'consuming' } });
  });

  it('on shutdown publishes what is pending, then stops the relay and the consumers', async () => {
    const ds = app!.get(DataSource);
    const relay = app!.get(OutboxRelayService).relay;
    await ds.transaction((m) => app!.get(Outbox).append(m, counterEvent('nest-3', 1)));
    await app!.close();
    app = undefined;
    expect(relay.status().role).toBe('stopped');
    expect(transport.health()).toEqual({ [`consumer:${COUNTER_TOPIC}`]: { ok: false, detail: 'stopped' } });
    const pending = await withSchema((c) => c.query(PENDING_COUNT_SQL));
    expect(pending.rows).toEqual([{ n: 0 }]);
    const records = await topics.probe.collect(topics.topic(COUNTER_TOPIC), {
      until: (r) => r.key === 'nest-3',
      timeoutMs: 30_000,
    });
    expect(records[records.length - 1].key).toBe('nest-3');
  });
});
