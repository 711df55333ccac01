import { randomBytes } from 'node:crypto';
import { IHeaders } from 'kafkajs';
import { createKafka, KafkaConnection } from './kafka-config';

/** A record as a test sees it: strings instead of buffers, and the value parsed when it is JSON. */
export interface ProbedRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  json?: unknown;
}

/** A record to write: key, value and string headers. */
export interface RawRecord {
  key: string;
  value: string;
  headers?: Record<string, string>;
}

/** What to wait for: `count` records, or the first record matching `until`. */
export interface CollectOptions {
  count?: number;
  until?: (r: ProbedRecord) => boolean;
  timeoutMs?: number;
}

/**
 * Reads physical topics from the beginning with a throw-away consumer group, and writes raw
 * records, for tests (libs/testing wraps it; kafkajs stays inside libs/messaging).
 */
export class TopicProbe {
  constructor(private readonly conn: KafkaConnection) {}

  /** Collects records from offset 0 until `count` arrived or `until` matched; throws on timeout, saying what it saw. */
  async collect(topic: string, opts: CollectOptions): Promise<ProbedRecord[]> {
    const kafka = createKafka({ ...this.conn, clientId: `${this.conn.clientId}-probe` });
    const groupId = `probe-${randomBytes(6).toString('hex')}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
    const seen: ProbedRecord[] = [];
    const timeoutMs = opts.timeoutMs ?? 30_000;
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `timed out after ${timeoutMs} ms on ${topic}: saw ${seen.length} record(s)${opts.count ? ` of ${opts.count}` : ''}`,
              ),
            ),
          timeoutMs,
        );
        const done = (r: ProbedRecord) => (opts.until ? opts.until(r) : seen.length >= (opts.count ?? 1));
        consumer
          .run({
            eachMessage: async ({ topic: t, partition, message }) => {
              const value = message.value?.toString() ?? null;
              const r: ProbedRecord = {
                topic: t,
                partition,
                offset: message.offset,
                key: message.key?.toString() ?? null,
                value,
                headers: stringHeaders(message.headers),
                json: parse(value),
              };
              seen.push(r);
              if (done(r)) resolve();
            },
          })
          .catch(reject);
      });
      return seen;
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
      const admin = kafka.admin();
      await admin
        .connect()
        .then(() => admin.deleteGroups([groupId]))
        .catch(() => undefined);
      await admin.disconnect().catch(() => undefined);
    }
  }

  /**
   * Every record of every topic whose name starts with `prefix`, read from offset 0 up to the end
   * offsets of the moment of the call (the contract check reads a suite's topics before they are dropped).
   */
  async readAll(prefix: string, timeoutMs = 60_000): Promise<ProbedRecord[]> {
    const kafka = createKafka({ ...this.conn, clientId: `${this.conn.clientId}-probe` });
    const admin = kafka.admin();
    const remaining = new Map<string, number>(); // `${topic}/${partition}` → end offset still to reach
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
      for (const topic of topics)
        for (const p of await admin.fetchTopicOffsets(topic))
          if (Number(p.high) > Number(p.low)) remaining.set(`${topic}/${p.partition}`, Number(p.high));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (!remaining.size) return [];
    const topics = [...new Set([...remaining.keys()].map((k) => k.slice(0, k.lastIndexOf('/'))))];
    const groupId = `probe-${randomBytes(6).toString('hex')}`;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 100, allowAutoTopicCreation: false });
    const seen: ProbedRecord[] = [];
    let timer: NodeJS.Timeout | undefined;
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(`timed out after ${timeoutMs} ms reading ${prefix}*: ${remaining.size} partition(s) unread`),
            ),
          timeoutMs,
        );
        consumer
          .run({
            eachMessage: async ({ topic, partition, message }) => {
              const key = `${topic}/${partition}`;
              const end = remaining.get(key);
              if (end === undefined || Number(message.offset) >= end) return;
              const value = message.value?.toString() ?? null;
              seen.push({
                topic,
                partition,
                offset: message.offset,
                key: message.key?.toString() ?? null,
                value,
                headers: stringHeaders(message.headers),
                json: parse(value),
              });
              if (Number(message.offset) + 1 >= end) remaining.delete(key);
              if (!remaining.size) resolve();
            },
          })
          .catch(reject);
      });
      return seen;
    } finally {
      clearTimeout(timer);
      await consumer.disconnect().catch(() => undefined);
      const cleanup = kafka.admin();
      await cleanup
        .connect()
        .then(() => cleanup.deleteGroups([groupId]))
        .catch(() => undefined);
      await cleanup.disconnect().catch(() => undefined);
    }
  }

  /** Writes records as given (tests inject duplicates and poison with this; services use the outbox). */
  async send(topic: string, records: RawRecord[]): Promise<void> {
    const producer = await this.producer();
    try {
      await producer.send(topic, records);
    } finally {
      await producer.close();
    }
  }

  /**
   * A connected producer for a load generator that sends many times: `send` above connects and
   * disconnects per call, which at hundreds of calls a second costs the sending process more than
   * the sends (and, in a benchmark, takes CPU from the service measured).
   */
  async producer(): Promise<{ send(topic: string, records: RawRecord[]): Promise<void>; close(): Promise<void> }> {
    const producer = createKafka(this.conn).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    return {
      send: async (topic, records) => void (await producer.send({ topic, acks: -1, messages: records })),
      close: () => producer.disconnect(),
    };
  }
}

function stringHeaders(h: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(
    Object.entries(h ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map(String).join(',') : (v?.toString() ?? '')]),
  );
}

function parse(value: string | null): unknown {
  if (value === null) return undefined;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
