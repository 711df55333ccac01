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

  /** Writes records as given (tests inject duplicates and poison with this; services use the outbox). */
  async send(
    topic: string,
    records: { key: string; value: string; headers?: Record<string, string> }[],
  ): Promise<void> {
    const producer = createKafka(this.conn).producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    try {
      await producer.send({ topic, acks: -1, messages: records });
    } finally {
      await producer.disconnect();
    }
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
