import { allEventDefinitions, EventEnvelope } from '@civic/contracts';
import { INestApplicationContext } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { DataSource, EntityManager } from 'typeorm';
import { InboxConsumer } from '../inbox/inbox-consumer';
import { InboxConsumerOptions } from '../inbox/inbox-consumer.options';
import { InboxContext, InboxRunContext } from '../inbox/inbox-context';
import { RunItemFailed } from '../inbox/inbox-consumer.options';
import { INBOX_RUN } from './inbox-listener.decorator';
import { KafkaConnection } from '../kafka/kafka-config';
import { HealthCheckResult } from '../health/messaging-health';
import { registerConsumerMetrics } from '../health/operations.metrics';
import { kafkaConnectionOf, MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { DeadLetterAdmin } from './dead-letter-admin';
import { OutboxRelayService } from './outbox-relay.service';

/** Settings of the inbox transport. */
export interface InboxTransportOptions {
  dataSource: DataSource;
  kafka: KafkaConnection;
  service: string;
  /**
   * Consumers by name with their logical topics. Default: one consumer per topic that carries a
   * handled event type, named after the topic, so a slow topic never starves another.
   */
  consumers?: { name: string; topics: string[] }[];
  retry?: InboxConsumerOptions['retry'];
  partitionsConsumedConcurrently?: number;
  /** Kafka session timeout of every consumer (default 30 s). */
  sessionTimeoutMs?: number;
  /** Most records applied in one inbox transaction (default DEFAULT_BATCH_SIZE; see InboxConsumerOptions.batchSize). */
  batchSize?: number;
  /**
   * Rewrites each event before its handler, inside the inbox transaction: a service resolves refs
   * re-keyed since the event was published (libs/operations `eventWithCurrentRefs`,
   * docs/adr/0018-person-ref-rekeying.md). Not applied to `accepts`, which looks at the type only.
   */
  prepare?: (event: EventEnvelope, manager: EntityManager) => Promise<EventEnvelope>;
}

/**
 * A Nest microservice transport that feeds `@EventPattern('<event type>')` handlers (or
 * `'<type>@v<n>'` for one version) through InboxConsumers: the handler runs inside the inbox
 * transaction and gets `@Payload() event: EventEnvelope<T>` and `@Ctx() ctx: InboxContext`.
 * A handler that throws is retried, then dead-lettered; it never blocks the partition.
 */
export class InboxTransport extends Server implements CustomTransportStrategy {
  private consumers: InboxConsumer[] = [];
  private unregisterMetrics?: () => void;
  /**
   * The handler of each `type@vN` seen, looked up once: Nest's getHandlerByPattern first tries
   * JSON.parse on the pattern, which throws for every event type, and a run looked each event up
   * about four times (accepts, then grouping consecutive events by handler). Those exceptions were
   * 8% of a fixture consumer's CPU during a drain (docs/benchmarks.md, City scale, P5b/P5c).
   */
  private readonly handlerCache = new Map<string, MessageHandler | null>();

  constructor(private readonly options: InboxTransportOptions) {
    super();
  }

  async listen(callback: (...optionalParams: unknown[]) => void): Promise<void> {
    try {
      this.consumers = this.plan().map(
        ({ name, topics }) =>
          new InboxConsumer({
            dataSource: this.options.dataSource,
            kafka: this.options.kafka,
            service: this.options.service,
            consumer: name,
            topics,
            retry: this.options.retry,
            partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently,
            sessionTimeoutMs: this.options.sessionTimeoutMs,
            batchSize: this.options.batchSize,
            accepts: (event) => this.handlerFor(event) !== null,
            handle: (event, ctx) => this.dispatch(event, ctx),
            handleRun: (items) => this.dispatchRun(items),
          }),
      );
      for (const c of this.consumers) await c.start();
      const plan = this.plan();
      this.unregisterMetrics = registerConsumerMetrics({
        service: this.options.service,
        kafka: this.options.kafka,
        dataSource: this.options.dataSource,
        consumers: () => plan,
      });
      this._status$.next('connected');
      callback();
    } catch (e) {
      callback(e);
    }
  }

  /** Stops every consumer after its record in flight (graceful shutdown). */
  async close(): Promise<void> {
    this.unregisterMetrics?.();
    await Promise.all(this.consumers.map((c) => c.stop()));
    this._status$.next('disconnected');
  }

  on(): never {
    throw new Error('InboxTransport emits no events; use health() for readiness');
  }

  unwrap<T>(): T {
    return this.consumers as T;
  }

  /** Readiness: one `consumer:<name>` check per consumer. */
  health(): Record<string, HealthCheckResult> {
    return Object.fromEntries(this.consumers.map((c) => [`consumer:${c.name}`, c.status()]));
  }

  /** The consumer of that name, if this transport runs it. */
  consumerNamed(name: string): InboxConsumer | undefined {
    return this.consumers.find((x) => x.name === name);
  }

  private plan(): { name: string; topics: string[] }[] {
    if (this.options.consumers) return this.options.consumers;
    const types = new Set([...this.messageHandlers.keys()].map((p) => p.replace(/@v\d+$/, '')));
    const topics = new Set(
      allEventDefinitions()
        .filter((d) => types.has(d.type))
        .map((d) => d.topic),
    );
    for (const t of types) {
      if (!allEventDefinitions().some((d) => d.type === t))
        throw new Error(`@EventPattern('${t}') names no event type in the catalog`);
    }
    return [...topics].sort().map((t) => ({ name: t, topics: [t] }));
  }

  /** Nest registers handlers before listen(); one added later still invalidates what was looked up. */
  override addHandler(...args: Parameters<Server['addHandler']>): void {
    super.addHandler(...args);
    this.handlerCache.clear();
  }

  private handlerFor(event: EventEnvelope): MessageHandler | null {
    const versioned = `${event.type}@v${event.dataversion}`;
    let handler = this.handlerCache.get(versioned);
    if (handler === undefined) {
      handler = this.getHandlerByPattern(versioned) ?? this.getHandlerByPattern(event.type);
      this.handlerCache.set(versioned, handler);
    }
    return handler;
  }

  private async dispatch(received: EventEnvelope, ctx: InboxContext): Promise<void> {
    const event = this.options.prepare ? await this.options.prepare(received, ctx.manager) : received;
    const first = this.handlerFor(event);
    if (isRunHandler(first)) return this.call(first, [event], new InboxRunContext(ctx.manager, [ctx]));
    await this.call(first, event, ctx);
  }

  /**
   * A run's events in offset order: consecutive events of one `@InboxRunPattern` handler go to it in
   * one call, every other event to its handler alone. A failure is tied to its event when the
   * call held one event or the run handler threw RunItemFailed, so the per-record retry counts it
   * as that event's attempt 1 and the events before it are applied again as a run (InboxRuns.settle).
   */
  private async dispatchRun(received: { event: EventEnvelope; ctx: InboxContext }[]): Promise<void> {
    const items = received;
    // in order, one at a time: the run shares one connection
    if (this.options.prepare)
      for (let i = 0; i < items.length; i++)
        items[i] = { ...items[i], event: await this.options.prepare(items[i].event, items[i].ctx.manager) };
    for (let i = 0; i < items.length;) {
      const handler = this.handlerFor(items[i].event);
      let end = i + 1;
      if (isRunHandler(handler)) while (end < items.length && this.handlerFor(items[end].event) === handler) end++;
      const slice = items.slice(i, end);
      try {
        if (isRunHandler(handler))
          await this.call(
            handler,
            slice.map((x) => x.event),
            new InboxRunContext(
              items[0].ctx.manager,
              slice.map((x) => x.ctx),
            ),
          );
        else await this.call(handler, items[i].event, items[i].ctx);
      } catch (e) {
        // a run handler names its failing event by index into its own slice; the run's index is i + that
        if (e instanceof RunItemFailed) throw new RunItemFailed(i + e.index, e.error);
        throw slice.length === 1 ? new RunItemFailed(i, e) : e;
      }
      i = end;
    }
  }

  private async call(handler: MessageHandler | null, payload: unknown, ctx: unknown): Promise<void> {
    // several @EventPattern handlers for one pattern are chained by Nest through `next`
    for (let h = handler; h; h = h.next ?? null) {
      await lastValueFrom(this.transformToObservable(await h(payload, ctx)), { defaultValue: undefined });
    }
  }
}

function isRunHandler(h: MessageHandler | null): h is MessageHandler {
  return !!(h?.extras as Record<string, unknown> | undefined)?.[INBOX_RUN];
}

/** The strategy to pass to `app.connectMicroservice({ strategy }, { inheritAppConfig: true })`. */
export function inboxTransport(options: InboxTransportOptions): InboxTransport {
  return new InboxTransport(options);
}

/** The inbox transport for an app that imports MessagingModule and TypeORM: options and DataSource come from the app, and its consumers join OutboxRelayService.check(). */
export function inboxTransportFor(
  app: INestApplicationContext,
  extra: Pick<
    InboxTransportOptions,
    'consumers' | 'retry' | 'partitionsConsumedConcurrently' | 'sessionTimeoutMs' | 'batchSize' | 'prepare'
  > = {},
): InboxTransport {
  const options = app.get<MessagingOptions>(MESSAGING_OPTIONS);
  const transport = new InboxTransport({
    dataSource: app.get(DataSource),
    kafka: kafkaConnectionOf(options),
    service: options.service,
    ...extra,
  });
  app.get(OutboxRelayService).addConsumerHealth(() => transport.health());
  app.get(DeadLetterAdmin).attach(transport);
  return transport;
}
