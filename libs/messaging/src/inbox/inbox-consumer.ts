import { EventEnvelope, parseEvent } from '@civic/contracts';
import { Consumer, IHeaders, KafkaMessage, Producer } from 'kafkajs';
import { DataSource, EntityManager } from 'typeorm';
import { createKafka, deadLetterTopic, KafkaConnection, physicalTopic } from '../kafka/kafka-config';
import { InboxContext } from './inbox-context';
import { messagingMetrics } from '../health/messaging.metrics';
import { NonRetryableError } from './non-retryable.error';

/** Applies one event; runs inside the inbox transaction (use ctx.manager for every write). */
export type InboxHandler = (event: EventEnvelope, ctx: InboxContext) => Promise<void>;

/** Why a record went to the dead-letter topic. */
export type DeadLetterReason =
  | 'invalid-envelope'
  | 'unknown-type'
  | 'unknown-version'
  | 'invalid-payload'
  | 'handler-failed'
  | 'rejected'
  | 'held-behind-dead-letter';

/** Points in processing one record; the fault suite kills the process at each (RELIABILITY R3, R4). */
export type ConsumerStep = 'effect-committed' | 'offset-committed';

/** Settings of an InboxConsumer. */
export interface InboxConsumerOptions {
  dataSource: DataSource;
  kafka: KafkaConnection;
  service: string;
  /** Consumer name: the inbox dedupes per name, and the Kafka group is `<prefix><service>.<consumer>`. */
  consumer: string;
  /** Logical topics; the connection's prefix is added. */
  topics: string[];
  handle: InboxHandler;
  /** Events this consumer does not handle are skipped (offset committed, no inbox row); default: all handled. */
  accepts?: (event: EventEnvelope) => boolean;
  retry?: { attempts?: number; initialBackoffMs?: number; maxBackoffMs?: number };
  partitionsConsumedConcurrently?: number;
  sessionTimeoutMs?: number;
  /** Most consecutive records of a partition applied in one transaction (default 100; 1 = one transaction per record). */
  batchSize?: number;
  /** Fault-injection hook. */
  onStep?: (
    step: ConsumerStep,
    record: { topic: string; partition: number; offset: string; outcome: Outcome },
  ) => void | Promise<void>;
}

/** What happened to one record. */
export type Outcome = 'applied' | 'duplicate' | 'ignored' | 'dead-lettered';

interface Rec {
  topic: string;
  partition: number;
  message: KafkaMessage;
  key: string | null;
}

interface Failure {
  reason: DeadLetterReason;
  field: string | null;
  message: string;
}

/** A record of a run, parsed and accepted, with whether its inbox row was claimed. */
interface RunItem {
  rec: Rec;
  event: EventEnvelope | null;
  outcome?: Outcome;
}

/** A handler error inside a run, tied to its record so the per-record retry counts it as attempt 1. */
class RunHandlerFailed extends Error {
  constructor(
    readonly index: number,
    readonly error: unknown,
  ) {
    super('handler failed in run');
  }
}

class Held extends Error {
  constructor(readonly deadLetterId: string) {
    super('held');
  }
}

/**
 * An idempotent Kafka consumer (STYLE.md habits 8 and 10): each event's effect and its inbox row
 * commit in one transaction, then offset+1 is committed; a redelivery hits the inbox. Transient
 * failures are retried with backoff; invalid events and exhausted retries go to `<topic>.dlq`
 * with the reason, and later events of the same key follow them there until re-driven
 * (RELIABILITY R7: a failing event holds its own aggregate only).
 */
export class InboxConsumer {
  private consumer?: Consumer;
  private producer?: Producer;
  private joined = false;
  private lastError?: string;
  private readonly attempts: number;
  private readonly batchSize: number;
  private readonly labels: { service: string; consumer: string };

  constructor(private readonly opts: InboxConsumerOptions) {
    this.attempts = opts.retry?.attempts ?? 5;
    this.batchSize = Math.max(1, opts.batchSize ?? 100);
    this.labels = { service: opts.service, consumer: opts.consumer };
  }

  get name(): string {
    return this.opts.consumer;
  }

  /** Connects, subscribes from the earliest offset (a new group misses nothing) and starts consuming. */
  async start(): Promise<void> {
    const kafka = createKafka(this.opts.kafka);
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
    const sessionTimeout = this.opts.sessionTimeoutMs ?? 30_000;
    const consumer = kafka.consumer({
      groupId: physicalTopic(this.opts.kafka.topicPrefix, `${this.opts.service}.${this.opts.consumer}`),
      sessionTimeout,
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 10)),
      rebalanceTimeout: Math.max(60_000, sessionTimeout * 2),
      maxWaitTimeInMs: 250,
      allowAutoTopicCreation: false,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, () => (this.joined = true));
    consumer.on(consumer.events.CRASH, (e) => {
      this.joined = false;
      this.lastError = String(e.payload.error);
    });
    await consumer.connect();
    await consumer.subscribe({
      topics: this.opts.topics.map((t) => physicalTopic(this.opts.kafka.topicPrefix, t)),
      fromBeginning: true,
    });
    await consumer.run({
      // offsets are committed by hand after each effect commits (RELIABILITY pitfalls 4 and 5)
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        // each offset commit overlaps the next run's transaction, yet is only sent after its own
        // run's effects committed, and commits stay in order
        let committing: Promise<void> = Promise.resolve();
        const recs: Rec[] = batch.messages.map((message) => ({
          topic: batch.topic,
          partition: batch.partition,
          message,
          key: message.key?.toString() ?? null,
        }));
        try {
          for (let i = 0; i < recs.length;) {
            if (!isRunning() || isStale()) break;
            const settled = await this.processRun(recs.slice(i, i + this.batchSize), heartbeat);
            i += settled.length;
            const steps = settled.map((s) => ({
              topic: s.rec.topic,
              partition: s.rec.partition,
              offset: s.rec.message.offset,
              outcome: s.outcome,
            }));
            for (const step of steps) await this.opts.onStep?.('effect-committed', step);
            const last = steps[steps.length - 1];
            await committing;
            committing = consumer
              .commitOffsets([
                { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() },
              ])
              .then(async () => {
                resolveOffset(last.offset);
                for (const step of steps) await this.opts.onStep?.('offset-committed', step);
              });
            committing.catch(() => undefined); // awaited below; this only stops an unhandled-rejection warning
          }
        } finally {
          await committing;
        }
        await heartbeat();
      },
    });
  }

  /** Resolves once the consumer has joined its group (partitions assigned). */
  async joinedGroup(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.joined) {
      if (Date.now() > deadline)
        throw new Error(
          `consumer ${this.opts.consumer} did not join its group within ${timeoutMs} ms${this.lastError ? ': ' + this.lastError : ''}`,
        );
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Stops after the record in flight (kafkajs waits for the running batch), then disconnects. */
  async stop(): Promise<void> {
    await this.consumer?.disconnect().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    this.consumer = undefined;
    this.producer = undefined;
    this.joined = false;
  }

  status(): { ok: boolean; detail: string } {
    if (!this.consumer) return { ok: false, detail: 'stopped' };
    return this.joined ? { ok: true, detail: 'consuming' } : { ok: false, detail: this.lastError ?? 'joining group' };
  }

  /**
   * Re-drives a held key after the cause is fixed: applies its unresolved dead letters in their
   * original order through the inbox, then lifts the hold, all in one transaction; if one still
   * fails, nothing changes and the error is thrown. `topic` is the physical topic.
   */
  async redrive(topic: string, key: string): Promise<{ applied: number; duplicates: number }> {
    return this.opts.dataSource.transaction(async (manager) => {
      const hold = await manager.query(
        `SELECT 1 FROM dead_letter_hold WHERE consumer = $1 AND topic = $2 AND message_key = $3 FOR UPDATE`,
        [this.opts.consumer, topic, key],
      );
      if (!hold.length) return { applied: 0, duplicates: 0 };
      const letters: { id: string; kafka_partition: number; kafka_offset: string; payload: string | null }[] =
        await manager.query(
          `SELECT id, kafka_partition, kafka_offset, payload FROM dead_letter WHERE consumer = $1 AND topic = $2 AND message_key = $3 AND resolved_at IS NULL ORDER BY id`,
          [this.opts.consumer, topic, key],
        );
      let applied = 0;
      let duplicates = 0;
      for (const l of letters) {
        const parsed = parseEvent(safeJson(l.payload));
        if (!parsed.ok) throw new Error(`dead letter #${l.id} is still invalid: ${parsed.error}`);
        const origin = {
          consumer: this.opts.consumer,
          topic,
          partition: l.kafka_partition,
          offset: String(l.kafka_offset),
          attempt: 1,
        };
        if (await this.insertInbox(manager, parsed.event, origin)) {
          if (!this.opts.accepts || this.opts.accepts(parsed.event))
            await this.opts.handle(parsed.event, new InboxContext(manager, parsed.event, origin, this.opts.service));
          applied++;
        } else duplicates++;
      }
      await manager.query(`UPDATE dead_letter SET resolved_at = now() WHERE id = ANY($1::bigint[])`, [
        letters.map((l) => l.id),
      ]);
      await manager.query(`DELETE FROM dead_letter_hold WHERE consumer = $1 AND topic = $2 AND message_key = $3`, [
        this.opts.consumer,
        topic,
        key,
      ]);
      return { applied, duplicates };
    });
  }

  /**
   * Settles a prefix of `recs` (at least one record): the leading valid, unheld records in one
   * transaction, or, if the first record is invalid or held, that record alone on the per-record
   * path. If the run's transaction fails, its records are redone one by one, so retries, dead
   * letters and holds behave as with batchSize 1.
   */
  private async processRun(recs: Rec[], heartbeat: () => Promise<void>): Promise<{ rec: Rec; outcome: Outcome }[]> {
    const run: RunItem[] = [];
    for (const rec of recs) {
      const parsed = parseEvent(safeJson(rec.message.value?.toString() ?? null));
      // an invalid record ends the run and goes to the dead-letter path on its own, keeping its place
      if (!parsed.ok) break;
      run.push({ rec, event: this.opts.accepts && !this.opts.accepts(parsed.event) ? null : parsed.event });
    }
    if (run.length <= 1) return [{ rec: recs[0], outcome: await this.process(recs[0], heartbeat) }];
    try {
      await whileBeating(heartbeat, () => this.applyRun(run));
    } catch (e) {
      const failedAt = e instanceof RunHandlerFailed ? e.index : -1;
      const settled: { rec: Rec; outcome: Outcome }[] = [];
      for (let i = 0; i < run.length; i++) {
        settled.push({
          rec: run[i].rec,
          outcome: await this.process(
            run[i].rec,
            heartbeat,
            i === failedAt ? (e as RunHandlerFailed).error : undefined,
          ),
        });
      }
      return settled;
    }
    // the run may have ended early at a held key: the rest waits for the next run
    const done = run.filter((r) => r.outcome !== undefined);
    for (const r of done) {
      if (r.outcome === 'applied') messagingMetrics.consumerProcessed.inc(this.labels);
      if (r.outcome === 'duplicate') messagingMetrics.consumerDuplicates.inc(this.labels);
    }
    if (!done.length) return [{ rec: recs[0], outcome: await this.process(recs[0], heartbeat) }];
    return done.map((r) => ({ rec: r.rec, outcome: r.outcome! }));
  }

  /** One transaction for a run: holds read and inbox rows claimed in one query each, then the handlers in offset order. */
  private async applyRun(run: RunItem[]): Promise<void> {
    const { topic, partition } = run[0].rec;
    await this.opts.dataSource
      .transaction(async (manager) => {
        const keys = [...new Set(run.filter((r) => r.event && r.rec.key !== null).map((r) => r.rec.key!))];
        // locked against a re-drive, as on the per-record path
        const holds: { message_key: string }[] = keys.length
          ? await manager.query(
              `SELECT message_key FROM dead_letter_hold WHERE consumer = $1 AND topic = $2 AND message_key = ANY($3::text[]) FOR SHARE`,
              [this.opts.consumer, topic, keys],
            )
          : [];
        const held = new Set(holds.map((h) => h.message_key));
        // the run ends before the first held record, which takes the per-record path (duplicate or dead letter)
        const end = run.findIndex((r) => r.event && r.rec.key !== null && held.has(r.rec.key));
        const items = end < 0 ? run : run.slice(0, end);
        const claimable = items.filter((r) => r.event);
        const claimed: { event_id: string }[] = claimable.length
          ? await manager.query(
              `INSERT INTO inbox_message (consumer, event_id, event_type, topic, kafka_partition, kafka_offset)
             SELECT $1, u.event_id, u.event_type, $4, $5, u.kafka_offset FROM unnest($2::text[], $3::text[], $6::bigint[]) AS u(event_id, event_type, kafka_offset)
             ON CONFLICT DO NOTHING RETURNING event_id`,
              [
                this.opts.consumer,
                claimable.map((r) => r.event!.id),
                claimable.map((r) => r.event!.type),
                topic,
                partition,
                claimable.map((r) => r.rec.message.offset),
              ],
            )
          : [];
        // an event twice in one run is claimed once: its first record applies, the second is a duplicate
        const unclaimed = new Set(claimed.map((c) => c.event_id));
        for (const r of items)
          r.outcome = !r.event ? 'ignored' : unclaimed.delete(r.event.id) ? 'applied' : 'duplicate';
        for (let i = 0; i < items.length; i++) {
          const { rec, event, outcome } = items[i];
          if (outcome !== 'applied') continue;
          const origin = { consumer: this.opts.consumer, topic, partition, offset: rec.message.offset, attempt: 1 };
          try {
            await this.opts.handle(event!, new InboxContext(manager, event!, origin, this.opts.service));
          } catch (e) {
            throw new RunHandlerFailed(i, e);
          }
        }
      })
      .catch((e) => {
        for (const r of run) r.outcome = undefined;
        throw e;
      });
  }

  /** `failedOnce`: the error of this record's first attempt, made inside a run that was rolled back. */
  private async process(rec: Rec, heartbeat: () => Promise<void>, failedOnce?: unknown): Promise<Outcome> {
    const raw = rec.message.value?.toString() ?? null;
    const json = safeJson(raw);
    if (json === undefined)
      return this.deadLetter(rec, { reason: 'invalid-envelope', field: '$', message: 'value is not JSON' }, 1, null);
    const parsed = parseEvent(json);
    if (!parsed.ok)
      return this.deadLetter(
        rec,
        { reason: parsed.error.reason, field: parsed.error.field, message: parsed.error.message },
        1,
        eventIdOf(json),
      );
    const event = parsed.event;
    if (this.opts.accepts && !this.opts.accepts(event)) return 'ignored';

    const initial = this.opts.retry?.initialBackoffMs ?? 200;
    const max = this.opts.retry?.maxBackoffMs ?? 5_000;
    let carried = failedOnce;
    for (let attempt = 1; ; attempt++) {
      try {
        if (carried !== undefined) {
          const e = carried;
          carried = undefined;
          throw e;
        }
        // a handler slower than the session timeout must not cost the group its member (RELIABILITY pitfall 8)
        await whileBeating(heartbeat, () => this.applyOnce(rec, event, attempt));
        messagingMetrics.consumerProcessed.inc(this.labels);
        return 'applied';
      } catch (e) {
        if (e instanceof Held) {
          return this.deadLetter(
            rec,
            {
              reason: 'held-behind-dead-letter',
              field: null,
              message: `an earlier event of this key is dead-lettered (#${e.deadLetterId}); re-drive it first`,
            },
            0,
            event.id,
          );
        }
        if (e instanceof Duplicate) {
          messagingMetrics.consumerDuplicates.inc(this.labels);
          return 'duplicate';
        }
        const permanent = e instanceof NonRetryableError;
        if (!permanent && attempt < this.attempts) {
          messagingMetrics.consumerRetries.inc(this.labels);
          await whileBeating(
            heartbeat,
            () => new Promise((r) => setTimeout(r, Math.min(max, initial * 2 ** (attempt - 1)))),
          );
          continue;
        }
        // with the database down every handler fails: that is an outage to wait out, not a poison message
        await this.opts.dataSource.query('SELECT 1');
        return this.deadLetter(
          rec,
          { reason: permanent ? 'rejected' : 'handler-failed', field: null, message: errorText(e) },
          attempt,
          event.id,
        );
      }
    }
  }

  private async applyOnce(rec: Rec, event: EventEnvelope, attempt: number): Promise<void> {
    const origin = {
      consumer: this.opts.consumer,
      topic: rec.topic,
      partition: rec.partition,
      offset: rec.message.offset,
      attempt,
    };
    await this.opts.dataSource.transaction(async (manager) => {
      // one round trip: claim the inbox row and read the key's hold (locked against a re-drive)
      const [row] = await manager.query(
        `WITH claimed AS (
           INSERT INTO inbox_message (consumer, event_id, event_type, topic, kafka_partition, kafka_offset) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT DO NOTHING RETURNING 1)
         SELECT (SELECT count(*) FROM claimed)::int AS claimed,
                (SELECT first_dead_letter_id FROM dead_letter_hold WHERE consumer = $1 AND topic = $4 AND message_key = $7 FOR SHARE) AS held`,
        [this.opts.consumer, event.id, event.type, rec.topic, rec.partition, rec.message.offset, rec.key],
      );
      if (row.claimed !== 1) throw new Duplicate();
      if (row.held !== null) throw new Held(String(row.held));
      await this.opts.handle(event, new InboxContext(manager, event, origin, this.opts.service));
    });
  }

  private async insertInbox(
    manager: EntityManager,
    event: EventEnvelope,
    o: { topic: string; partition: number; offset: string },
  ): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO inbox_message (consumer, event_id, event_type, topic, kafka_partition, kafka_offset) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.opts.consumer, event.id, event.type, o.topic, o.partition, o.offset],
    );
    return rows.length === 1;
  }

  /**
   * Records the dead letter (and holds its key) before publishing it, so a crash in between
   * republishes the same record on redelivery; the offset moves only after the publish is acked.
   */
  private async deadLetter(rec: Rec, failure: Failure, attempts: number, eventId: string | null): Promise<Outcome> {
    const m = rec.message;
    const originalHeaders = Object.fromEntries(
      Object.entries(m.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : (v?.toString() ?? '')]),
    );
    const stored = await this.opts.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO dead_letter (consumer, topic, kafka_partition, kafka_offset, message_key, event_id, reason, field, message, attempts, payload, headers)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)
         ON CONFLICT (consumer, topic, kafka_partition, kafka_offset) DO UPDATE SET consumer = EXCLUDED.consumer
         RETURNING id, reason, field, message, attempts`,
        [
          this.opts.consumer,
          rec.topic,
          rec.partition,
          m.offset,
          rec.key,
          eventId,
          failure.reason,
          failure.field,
          failure.message,
          attempts,
          m.value?.toString() ?? null,
          JSON.stringify(originalHeaders),
        ],
      );
      if (rec.key !== null) {
        await manager.query(
          `INSERT INTO dead_letter_hold (consumer, topic, message_key, first_dead_letter_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [this.opts.consumer, rec.topic, rec.key, row.id],
        );
      }
      return row as { id: string; reason: DeadLetterReason; field: string | null; message: string; attempts: number };
    });
    const headers: IHeaders = {
      ...(m.headers ?? {}),
      'dlq-reason': stored.reason,
      'dlq-field': stored.field ?? '',
      'dlq-message': stored.message,
      'dlq-attempts': String(stored.attempts),
      'dlq-consumer': this.opts.consumer,
      'dlq-original-topic': rec.topic,
      'dlq-original-partition': String(rec.partition),
      'dlq-original-offset': m.offset,
      'dlq-id': String(stored.id),
    };
    if (!this.producer) throw new Error('consumer is not started');
    // keyed like the original so a key's dead letters stay in order on the DLQ too
    await this.producer.send({
      topic: deadLetterTopic(rec.topic),
      acks: -1,
      messages: [{ key: m.key, value: m.value, headers }],
    });
    messagingMetrics.consumerDeadLettered.inc({ ...this.labels, reason: stored.reason });
    return 'dead-lettered';
  }
}

class Duplicate extends Error {}

async function whileBeating<T>(heartbeat: () => Promise<void>, work: () => Promise<T>): Promise<T> {
  const timer = setInterval(() => heartbeat().catch(() => undefined), 1_000);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}

function safeJson(raw: string | null): unknown {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

function eventIdOf(json: unknown): string | null {
  const id = (json as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}

function errorText(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  const nestGeneric = (e as { message?: unknown } | null)?.message === 'Internal server error';
  if (nestGeneric)
    return "the handler threw, but Nest's default RPC filter replaced the error: declare the listener with @InboxListener() to keep it";
  return typeof e === 'object' ? JSON.stringify(e) : String(e);
}
