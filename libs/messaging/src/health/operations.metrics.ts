import { Admin } from 'kafkajs';
import { Gauge, register } from 'prom-client';
import { DataSource } from 'typeorm';
import { createKafka, KafkaConnection, physicalTopic } from '../kafka/kafka-config';

// Day-2 gauges read at scrape time (docs/operations.md "Reading lag"): consumer lag per group and
// partition, keys held behind dead letters, relay leadership and database pool use. Each running
// service registers what it has; a failing source keeps its last values instead of failing the scrape.

type Collector = () => Promise<void>;
const collectors = new Set<Collector>();

// One collection per scrape, whichever of the gauges the registry reads first.
let scraping: Promise<void> | undefined;
function scrape(): Promise<void> {
  scraping ??= Promise.all([...collectors].map((c) => c().catch(() => undefined))).then(() => {
    setTimeout(() => (scraping = undefined), 1_000).unref();
  });
  return scraping;
}

function gauge<L extends string>(name: string, help: string, labelNames: L[]): Gauge<L> {
  return (
    (register.getSingleMetric(name) as Gauge<L> | undefined) ??
    new Gauge<L>({
      name,
      help,
      labelNames,
      async collect() {
        await scrape();
      },
    })
  );
}

const lag = () =>
  gauge('kafka_consumer_lag_messages', 'Records on the topic not yet committed by the consumer group', [
    'service',
    'consumer',
    'topic',
    'partition',
  ]);
const heldKeys = () =>
  gauge('inbox_held_keys', 'Keys whose events wait behind an unresolved dead letter', ['service', 'consumer']);
const unresolved = () =>
  gauge('dead_letters_unresolved', 'Dead letters neither re-driven nor discarded', ['service', 'consumer']);
const leader = () => gauge('outbox_relay_leader', '1 while this process holds the outbox relay lock', ['service']);
const pool = () =>
  gauge('db_pool_connections', 'Database pool connections by state (total, idle, waiting clients)', [
    'service',
    'state',
  ]);

/** Registers a collector; returns its removal. */
function register_(c: Collector): () => void {
  collectors.add(c);
  // every gauge exists before the first scrape lists the registry's metrics
  [lag, heldKeys, unresolved, leader, pool].forEach((g) => g());
  return () => collectors.delete(c);
}

/** Lag, held keys and unresolved dead letters of a transport's consumers. */
export function registerConsumerMetrics(o: {
  service: string;
  kafka: KafkaConnection;
  dataSource: DataSource;
  consumers: () => { name: string; topics: string[] }[];
}): () => void {
  let admin: Admin | undefined;
  const unregister = register_(async () => {
    const [held, letters] = await Promise.all([
      o.dataSource.query(`SELECT consumer, count(*)::int AS n FROM dead_letter_hold GROUP BY consumer`),
      o.dataSource.query(
        `SELECT consumer, count(*)::int AS n FROM dead_letter WHERE resolved_at IS NULL GROUP BY consumer`,
      ),
    ]);
    for (const c of o.consumers()) {
      heldKeys().set(
        { service: o.service, consumer: c.name },
        held.find((r: { consumer: string }) => r.consumer === c.name)?.n ?? 0,
      );
      unresolved().set(
        { service: o.service, consumer: c.name },
        letters.find((r: { consumer: string }) => r.consumer === c.name)?.n ?? 0,
      );
    }
    if (!admin) {
      admin = createKafka({ ...o.kafka, clientId: `${o.kafka.clientId}-lag` }).admin({ retry: { retries: 0 } });
      await admin.connect();
    }
    for (const c of o.consumers()) {
      const groupId = physicalTopic(o.kafka.topicPrefix, `${o.service}.${c.name}`);
      const topics = c.topics.map((t) => physicalTopic(o.kafka.topicPrefix, t));
      const committed = await admin.fetchOffsets({ groupId, topics });
      for (const t of committed) {
        const ends = await admin.fetchTopicOffsets(t.topic);
        for (const p of t.partitions) {
          const end = ends.find((e) => e.partition === p.partition);
          if (!end) continue;
          // a group that never committed has read nothing of what the topic still holds
          const from = Number(p.offset) >= 0 ? Number(p.offset) : Number(end.low);
          lag().set(
            {
              service: o.service,
              consumer: c.name,
              topic: t.topic.slice((o.kafka.topicPrefix ?? '').length),
              partition: String(p.partition),
            },
            Math.max(0, Number(end.high) - from),
          );
        }
      }
    }
  });
  return () => {
    unregister();
    void admin?.disconnect().catch(() => undefined);
  };
}

/** Relay leadership and pool use of a service. */
export function registerServiceMetrics(o: {
  service: string;
  isLeader: () => boolean;
  dataSource: DataSource;
}): () => void {
  return register_(async () => {
    leader().set({ service: o.service }, o.isLeader() ? 1 : 0);
    // the pg Pool behind TypeORM's postgres driver
    const p = (
      o.dataSource.driver as unknown as { master?: { totalCount: number; idleCount: number; waitingCount: number } }
    ).master;
    if (p) {
      pool().set({ service: o.service, state: 'total' }, p.totalCount);
      pool().set({ service: o.service, state: 'idle' }, p.idleCount);
      pool().set({ service: o.service, state: 'waiting' }, p.waitingCount);
    }
  });
}
