import { Consumer } from 'kafkajs';
import { DeadLetters } from '../dead-letters/dead-letters';
import { createKafka, physicalTopic } from '../kafka/kafka-config';
import { ConsumedRecord } from './consumed-record';
import { DEFAULT_BATCH_SIZE, InboxConsumerOptions } from './inbox-consumer.options';
import { InboxRuns } from './inbox-runs';
import { InboxStore } from './inbox-store';
import { OffsetCommits } from './offset-commits';

/**
 * An idempotent Kafka consumer: each event's effect and its inbox row commit in one transaction,
 * then offset+1 is committed, so a crash in between causes a redelivery that the inbox turns into
 * a duplicate rather than a second effect. Transient failures are retried with backoff; invalid
 * events and exhausted retries go to `<topic>.dlq` with the reason, and later events of the same
 * key follow them there until re-driven: a failing event holds its own aggregate only, and other
 * keys of the partition keep flowing. This class runs the Kafka loop; InboxRuns applies the
 * records, InboxStore holds the inbox SQL and DeadLetters the dead letters, holds and re-drive.
 */
export class InboxConsumer {
  private consumer?: Consumer;
  private commits?: OffsetCommits;
  private joined = false;
  private lastError?: string;
  private readonly batchSize: number;
  private readonly deadLetters: DeadLetters;
  private readonly runs: InboxRuns;

  constructor(private readonly opts: InboxConsumerOptions) {
    this.batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
    const store = new InboxStore(opts.consumer);
    this.deadLetters = new DeadLetters(opts, store);
    this.runs = new InboxRuns(opts, store, this.deadLetters);
  }

  get name(): string {
    return this.opts.consumer;
  }

  /** Connects, subscribes from the earliest offset (a new group misses nothing) and starts consuming. */
  async start(): Promise<void> {
    const kafka = createKafka(this.opts.kafka);
    await this.deadLetters.connect(kafka);
    const sessionTimeout = this.opts.sessionTimeoutMs ?? 30_000;
    const consumer = kafka.consumer({
      groupId: physicalTopic(this.opts.kafka.topicPrefix, `${this.opts.service}.${this.opts.consumer}`),
      sessionTimeout,
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 10)),
      rebalanceTimeout: Math.max(60_000, sessionTimeout * 2),
      // a fetch that finds nothing waits this long at the broker, which answers at once when a record
      // arrives: a longer wait costs no latency, and an idle consumer fetches 1 time a second instead of 4
      // (docs/benchmarks.md, City scale, eighth pass: the idle engine 65 → 34.5 ms of CPU a second)
      maxWaitTimeInMs: 1_000,
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
    const commits = new OffsetCommits(
      (topic, partition, offset) => consumer.commitOffsets([{ topic, partition, offset }]),
      (e) => (this.lastError = `offset commit failed (the next one covers it): ${String(e)}`),
    );
    this.commits = commits;
    await consumer.run({
      // offsets are committed by hand, as offset + 1 and only after the effects they cover committed:
      // kafkajs's auto-commit at batch end could move past a record whose effect never committed
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.opts.partitionsConsumedConcurrently ?? 3,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const recs: ConsumedRecord[] = batch.messages.map((message) => ({
          topic: batch.topic,
          partition: batch.partition,
          message,
          key: message.key?.toString() ?? null,
        }));
        for (let i = 0; i < recs.length;) {
          if (!isRunning() || isStale()) break;
          const settled = await this.runs.settle(recs.slice(i, i + this.batchSize), heartbeat);
          i += settled.length;
          const steps = settled.map((s) => ({
            topic: s.rec.topic,
            partition: s.rec.partition,
            offset: s.rec.message.offset,
            outcome: s.outcome,
          }));
          for (const step of steps) await this.opts.onStep?.('effect-committed', step);
          const last = steps[steps.length - 1];
          // the effects up to `last` committed: the next fetch may start after it, and its offset
          // commit goes out beside that fetch rather than before it (OffsetCommits)
          resolveOffset(last.offset);
          commits.push(batch.topic, batch.partition, (BigInt(last.offset) + 1n).toString(), async () => {
            for (const step of steps) await this.opts.onStep?.('offset-committed', step);
          });
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
    // offset commits queued so far go out before the consumer leaves (kafkajs drops commits once stopping)
    await this.commits?.settled();
    await this.consumer?.disconnect().catch(() => undefined);
    await this.deadLetters.disconnect();
    this.consumer = undefined;
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
    return this.deadLetters.redrive(topic, key);
  }

  /** This consumer's dead letters (re-drive and discard, for the operators' API). */
  get letters(): DeadLetters {
    return this.deadLetters;
  }
}
