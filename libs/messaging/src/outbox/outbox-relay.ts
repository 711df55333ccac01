import { Client, ClientConfig } from 'pg';
import { CompressionTypes, Message, Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { createKafka, KafkaConnection, physicalTopic } from '../kafka/kafka-config';
import { messagingMetrics } from '../health/messaging.metrics';
import { OUTBOX_CHANNEL } from './outbox-channel';
import { BACKLOG_SQL, MARK_SENT_SQL, READ_PENDING_SQL, READ_SESSION_SETTINGS } from './outbox-pending';
import { registerRelayWake } from './relay-wake';

/** Points in one relay cycle; the fault suite kills the process at each (R1 in docs/reliability.md). */
export type RelayStep = 'selected' | 'published' | 'marked';

/**
 * Most bytes (keys, values and headers) the relay puts into one send unless told otherwise (the
 * services' KAFKA_MAX_BATCH_BYTES): the brokers refuse a partition's record batch above their
 * `message.max.bytes` (1,048,588 by default), and one send puts all of a batch's rows for a
 * partition into one record batch.
 */
export const DEFAULT_MAX_SEND_BYTES = 900_000;

/** Settings of an OutboxRelay. */
export interface OutboxRelayOptions {
  dataSource: DataSource;
  kafka: KafkaConnection;
  service: string;
  /** Most rows per send (default 2000); a batch also stops at maxBatchBytes. */
  batchSize?: number;
  /** Most bytes (keys, values and headers) per send, default DEFAULT_MAX_SEND_BYTES. A row larger than this goes alone. */
  maxBatchBytes?: number;
  pollIntervalMs?: number;
  /** How often a standby instance tries to take over. */
  standbyIntervalMs?: number;
  /** Fault-injection hook, called after each step of a cycle with the ids of the batch. */
  onStep?: (step: RelayStep, ids: string[]) => void | Promise<void>;
  /**
   * Runs a batch's send in the traces its rows were written in (relay-spans.ts, given by the Nest
   * service). An option, so this file imports nothing of @civic/*: the crash suite runs it precompiled.
   */
  sendInTraces?: (rows: RelayedRow[], send: () => Promise<unknown>) => Promise<unknown>;
}

/** What the relay tells sendInTraces about each row of a batch. */
export interface RelayedRow {
  /** The logical topic (without TOPIC_PREFIX). */
  topic: string;
  /** The stored Kafka headers: `traceparent` and `ce_id` among them. */
  headers: Record<string, string>;
}

/** What the relay is doing, for readiness. */
export interface RelayStatus {
  running: boolean;
  role: 'leader' | 'standby' | 'disconnected' | 'stopped';
  lastCycleAt?: Date;
  lastError?: string;
}

/** A pending outbox row as the relay reads it. */
export interface PendingRow {
  id: string;
  topic: string;
  message_key: string;
  payload: string;
  headers: Record<string, string>;
}

/**
 * Publishes the outbox in id order (docs/adr/0002-outbox-relay.md). One instance per outbox is
 * leader, chosen by a PostgreSQL session advisory lock held on the relay's own connection; the
 * others stand by and take over when that session ends (a killed process releases it). Every
 * cycle re-reads pending rows, so a row committed late is picked up next time (R10); a failed
 * send leaves rows pending (at-least-once; consumers dedupe).
 */
export class OutboxRelay {
  private readonly batchSize: number;
  private readonly maxBatchBytes: number;
  private readonly pollIntervalMs: number;
  private readonly standbyIntervalMs: number;
  private producer?: Producer;
  private session?: Client;
  private leader = false;
  private stopping = false;
  private loopDone?: Promise<void>;
  private wake?: () => void;
  /** Set by a commit notification (or poke) that came while no pause was waiting; the next pause returns at once. */
  private woken = false;
  private lastCycleAt?: Date;
  private lastError?: string;
  private unregisterMetrics?: () => void;
  private unregisterWake?: () => void;

  constructor(private readonly opts: OutboxRelayOptions) {
    // 2000 rows of ~300 bytes drain a backlog at 0.8 of one raw batched produce, 500 at 0.6
    // (P4; docs/benchmarks.md, City scale, fifth pass); larger events are bounded by bytes
    this.batchSize = opts.batchSize ?? 2_000;
    this.maxBatchBytes = opts.maxBatchBytes ?? DEFAULT_MAX_SEND_BYTES;
    this.pollIntervalMs = opts.pollIntervalMs ?? 100;
    this.standbyIntervalMs = opts.standbyIntervalMs ?? 1_000;
  }

  /** Connects the producer and starts the publish loop in the background. */
  async start(): Promise<void> {
    if (this.loopDone) return;
    this.stopping = false;
    this.producer = createKafka(this.opts.kafka).producer({
      idempotent: true,
      // kafkajs only guarantees per-partition order with one request in flight (its default is unbounded)
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      retry: { retries: 8, initialRetryTime: 200, maxRetryTime: 5_000 },
    });
    // the lock session opens while the producer connects: both are a few round trips, and a drain's
    // first read follows the later of the two (a failed attempt is left to the loop to repeat)
    const leading = this.tryLead().catch((e) => {
      this.lastError = String(e);
      return this.dropSession();
    });
    const [connected] = await Promise.allSettled([this.producer.connect(), leading]);
    if (connected.status === 'rejected') {
      await this.dropSession();
      throw connected.reason;
    }
    this.unregisterMetrics = messagingMetrics.registerBacklogSource({
      service: this.opts.service,
      backlog: () => this.backlog(),
    });
    // writers of this DataSource in this process wake the relay after their commit, without pg_notify
    this.unregisterWake = registerRelayWake(this.opts.dataSource, {
      leads: () => this.leader,
      poke: () => this.poke(),
    });
    this.loopDone = this.loop();
  }

  /** Stops the loop; a leader first drains what is pending (up to drainTimeoutMs), then releases its lock. */
  async stop(drainTimeoutMs = 5_000): Promise<void> {
    if (!this.loopDone) return;
    // from here on writers notify through PostgreSQL: a relay elsewhere takes over once the lock is released
    this.unregisterWake?.();
    this.stopping = true;
    this.wake?.();
    await this.loopDone;
    this.loopDone = undefined;
    if (this.leader) {
      const deadline = Date.now() + drainTimeoutMs;
      try {
        await this.pump(() => Date.now() >= deadline);
      } catch (e) {
        this.lastError = String(e);
      }
    }
    await this.dropSession();
    this.unregisterMetrics?.();
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  /** Asks the loop to poll now instead of after the interval (what a commit, in-process or notified, does). */
  poke(): void {
    this.woken = true;
    this.wake?.();
  }

  status(): RelayStatus {
    const role = !this.loopDone ? 'stopped' : !this.session ? 'disconnected' : this.leader ? 'leader' : 'standby';
    return { running: !!this.loopDone, role, lastCycleAt: this.lastCycleAt, lastError: this.lastError };
  }

  /** Pending row count and the age of the oldest pending row, in seconds. */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const [row] = await this.opts.dataSource.query(BACKLOG_SQL);
    return { pending: row.pending, oldestAgeSeconds: row.age };
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopping) {
      try {
        if (!this.leader) {
          await this.tryLead();
          if (!this.leader) {
            await this.pause(this.standbyIntervalMs);
            continue;
          }
        }
        await this.pump(() => this.stopping);
        failures = 0;
        await this.pause(this.pollIntervalMs);
      } catch (e) {
        // a lost session means a lost lock: stop publishing until it is taken again
        this.lastError = String(e);
        await this.dropSession();
        await this.pause(Math.min(200 * 2 ** failures++, 5_000));
      }
    }
  }

  private async tryLead(): Promise<void> {
    if (!this.session) {
      const client = new Client(this.connectionConfig());
      client.on('error', (e) => {
        this.lastError = String(e);
        if (this.session === client) {
          this.session = undefined;
          this.leader = false;
        }
      });
      await client.connect();
      try {
        await this.prepareSession(client);
      } catch (e) {
        // a session that connected but could not be set up is closed, not left open beside the next try
        await client.end().catch(() => undefined);
        throw e;
      }
      this.session = client;
    }
    const { rows } = await this.session.query(
      `SELECT pg_try_advisory_lock(hashtext('civic.outbox'), hashtext(current_schema())) AS ok`,
    );
    this.leader = rows[0].ok === true;
  }

  /** Sets up the lock session: commit notifications for this schema, and the planner settings of its reads. */
  private async prepareSession(client: Client): Promise<void> {
    // wake on commit: every outbox write notifies with its schema (Outbox.appendAll); polling stays as
    // the fallback for a lost notification (a notification sent while this session was down, say)
    const [{ schema }] = (await client.query(`SELECT current_schema() AS schema`)).rows;
    client.on('notification', (n) => {
      if (n.channel === OUTBOX_CHANNEL && n.payload === schema) this.poke();
    });
    // this session runs only the relay's reads, planned as READ_SESSION_SETTINGS says why
    await client.query(`${READ_SESSION_SETTINGS}; LISTEN ${OUTBOX_CHANNEL}`);
  }

  /**
   * Publishes pending rows until a read finds none or `enough()` says stop; returns how many were
   * published. Pipelined: while batch k is being sent, the lock session reads batch k+1, and acked
   * batches are marked sent on a connection of the DataSource's pool beside both (`Marks`). Every
   * read excludes the rows not yet known to be marked (in flight, acked, being marked): its snapshot
   * may still show them pending. Sends stay strictly one after another, each only after the
   * previous one was acked, so id order and per-key order are those of a serial cycle; a failed send
   * throws before anything after it is sent, leaving its rows and the prefetched ones pending. A
   * cycle thus costs the longer of the send and a read; the marking DELETE of the batch's pending ids
   * runs alongside on another backend (docs/adr/0025-relay-marks-beside-reads.md, and
   * docs/adr/0030-outbox-pending-table.md for why a delete). A read that came back empty while a commit
   * woke the relay is repeated at once.
   */
  private async pump(enough: () => boolean): Promise<number> {
    let published = 0;
    const marks = new Marks((ids) => this.markSent(ids));
    try {
      let rows = await this.read([]);
      while (!enough()) {
        marks.rethrow();
        if (!rows.length) {
          // a commit woke the relay after the last read began: read again now instead of leaving and
          // reading in the next cycle (docs/adr/0020-in-process-relay-wake.md)
          if (!this.woken) break;
          rows = await this.read(marks.unmarked());
          continue;
        }
        // rows past the byte bound are not excluded from the next read, which takes them again
        rows = rows.slice(0, fitting(rows, this.maxBatchBytes));
        const ids = rows.map((r) => r.id);
        await this.opts.onStep?.('selected', ids);
        // marks may lag the sends by two batches at most: bounds what a crash republishes (the unmarked
        // rows and the batch in flight) and the exclusion list of each read
        await marks.atMost(2 * this.batchSize);
        // the read first: PostgreSQL works on it while this thread encodes the send
        const reading = this.read([...marks.unmarked(), ...ids]);
        const sending = this.send(rows);
        // both settle before either outcome is used: no statement is left running on the session
        const [sent, read] = await Promise.allSettled([sending, reading]);
        if (sent.status === 'rejected') throw sent.reason;
        await this.opts.onStep?.('published', ids);
        marks.add(ids);
        published += ids.length;
        if (read.status === 'rejected') throw read.reason;
        rows = read.value;
      }
    } finally {
      // every acked row is marked on the way out (also after an error: it was acked)
      await marks.settle();
    }
    return published;
  }

  /**
   * Reads the next batch of pending rows in id order on the lock session, without `exclude` (rows
   * sent or in flight whose marking has not been seen committed, which this read's snapshot may still
   * show pending).
   */
  private async read(exclude: string[]): Promise<PendingRow[]> {
    const session = this.session;
    if (!session || !this.leader || !this.producer) throw new Error('relay is not the leader');
    // rows committed before this read are in it: a notification that came before it is spent
    this.woken = false;
    const { rows } = await session.query<PendingRow>(READ_PENDING_SQL, [bigintArray(exclude), this.batchSize]);
    this.lastCycleAt = new Date();
    return rows;
  }

  /**
   * Marks acked rows sent, on a connection of the DataSource's pool: not the lock session, whose
   * reads would otherwise wait behind it. Marking rows the broker acked is right whoever leads by
   * then (a new leader at worst publishes them again, as after a crash between ack and mark).
   */
  private async markSent(ids: string[]): Promise<void> {
    await this.opts.dataSource.query(MARK_SENT_SQL, [bigintArray(ids)]);
    this.lastCycleAt = new Date();
    await this.marked(ids);
  }

  private async marked(ids: string[]): Promise<void> {
    if (!ids.length) return;
    await this.opts.onStep?.('marked', ids);
    messagingMetrics.outboxPublished.inc({ service: this.opts.service }, ids.length);
  }

  /** One `sendBatch` of the rows, grouped per topic in id order, acks from all in-sync replicas. */
  private async send(rows: PendingRow[]): Promise<void> {
    if (!this.producer) throw new Error('relay is not the leader');
    const byTopic = new Map<string, Message[]>();
    for (const r of rows) {
      const topic = physicalTopic(this.opts.kafka.topicPrefix, r.topic);
      const list = byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!;
      list.push({ key: r.message_key, value: r.payload, headers: r.headers });
    }
    const producer = this.producer;
    const send = () =>
      producer.sendBatch({
        acks: -1,
        compression: CompressionTypes.None,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
    await (this.opts.sendInTraces ? this.opts.sendInTraces(rows, send) : send());
  }

  private async dropSession(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    this.leader = false;
    if (s) await s.end().catch(() => undefined); // ending the session releases the advisory lock
  }

  private pause(ms: number): Promise<void> {
    if (this.stopping || this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        resolve();
      }
      this.wake = done;
    });
  }

  // The lock needs a session of its own (not a pooled one that would keep the lock after release),
  // with the same settings (URL, search_path) the service's DataSource uses.
  private connectionConfig(): ClientConfig {
    const pool = (this.opts.dataSource.driver as unknown as { master?: { options?: ClientConfig } }).master;
    if (!pool?.options) throw new Error('OutboxRelay needs an initialized PostgreSQL DataSource');
    return { ...pool.options, application_name: `${this.opts.service}-outbox-relay` };
  }
}

/**
 * Row ids (bigint text, as PostgreSQL returned them) as one array literal: pg's own array encoding
 * quotes and escapes every element, ~9% of the relay's CPU in a backlog drain (up to three batches of
 * ids per read).
 */
function bigintArray(ids: string[]): string {
  return `{${ids.join(',')}}`;
}

/** How many leading rows fit in one send of at most maxBytes (at least one). */
export function fitting(rows: PendingRow[], maxBytes: number): number {
  let bytes = 0;
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    // the record's own framing (lengths, offsets, timestamps) is a few dozen bytes more
    bytes += 64 + Buffer.byteLength(r.payload) + Buffer.byteLength(r.message_key);
    for (const k in r.headers) bytes += k.length + Buffer.byteLength(r.headers[k]);
    if (bytes > maxBytes) return Math.max(1, i);
  }
  return rows.length;
}

/**
 * The marking of acked batches beside a pump: one DELETE at a time, in ack order; batches acked
 * while one runs go together into the next. A failed mark leaves its rows pending (they are
 * published again by whoever reads them next: at-least-once) and is thrown by `rethrow`/`settle`.
 */
class Marks {
  /** Acked, waiting for the next mark. */
  private waiting: string[] = [];
  /** Being marked now. */
  private running: string[] = [];
  private current?: Promise<void>;
  private error?: unknown;

  constructor(private readonly mark: (ids: string[]) => Promise<void>) {}

  /** Rows acked whose mark has not been seen committed. */
  unmarked(): string[] {
    return [...this.running, ...this.waiting];
  }

  /** Queues acked rows; starts a mark unless one is running (it starts the next when done). */
  add(ids: string[]): void {
    this.waiting.push(...ids);
    if (!this.current) this.next();
  }

  /** Waits while more than `rows` acked rows are unmarked and a mark is running; throws a mark's error. */
  async atMost(rows: number): Promise<void> {
    while (this.current && this.running.length + this.waiting.length > rows) await this.current;
    this.rethrow();
  }

  /** Throws the error of a failed mark, if any. */
  rethrow(): void {
    if (this.error) throw this.error;
  }

  /** Waits until every queued row is marked (or a mark failed); throws a mark's error. */
  async settle(): Promise<void> {
    while (this.current) await this.current;
    this.rethrow();
  }

  private next(): void {
    if (!this.waiting.length || this.error) return;
    this.running = this.waiting;
    this.waiting = [];
    this.current = this.mark(this.running).then(
      () => {
        this.running = [];
        this.current = undefined;
        this.next();
      },
      (e) => {
        // the rows stay pending in the table; kept unmarked here so no later read of this pump takes them
        this.error = e;
        this.current = undefined;
      },
    );
  }
}
