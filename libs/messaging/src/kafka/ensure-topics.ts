import { connectAdmin, createKafka, KafkaConnection } from './kafka-config';
import { LOCAL_TOPIC_SETTINGS, topicSpecs, TopicSettings } from './topic-settings';

/** Options for ensureTopics; a single local broker needs replication factor 1. */
export interface EnsureTopicsOptions {
  /** Partitions, replication and retention (default LOCAL_TOPIC_SETTINGS); the two below override it. */
  settings?: TopicSettings;
  partitions?: number;
  replicationFactor?: number;
  /** How long to wait for every new partition to have a leader (default 30 s). */
  leaderTimeoutMs?: number;
}

/**
 * Creates each logical topic and its `.dlq` under the connection's prefix, because broker-side
 * auto-creation is off. Idempotent: topics that already exist are left as they are.
 * Returns the physical names.
 */
export async function ensureTopics(
  conn: KafkaConnection,
  logicalTopics: string[],
  opts: EnsureTopicsOptions = {},
): Promise<string[]> {
  const base = opts.settings ?? LOCAL_TOPIC_SETTINGS;
  const specs = topicSpecs(conn.topicPrefix, logicalTopics, {
    ...base,
    partitions: opts.partitions ?? base.partitions,
    replicationFactor: opts.replicationFactor ?? base.replicationFactor,
  });
  const names = specs.map((s) => s.topic);
  const admin = await connectAdmin(conn);
  try {
    const existing = new Set(await admin.listTopics());
    const missing = names.filter((n) => !existing.has(n));
    if (missing.length) {
      try {
        await admin.createTopics({
          // kafkajs's own leader wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which a loaded
          // broker answers for a moment after creation; waitForLeaders below retries it.
          waitForLeaders: false,
          topics: specs
            .filter((s) => missing.includes(s.topic))
            .map((s) => ({
              topic: s.topic,
              numPartitions: s.partitions,
              replicationFactor: s.replicationFactor,
              configEntries: Object.entries(s.configs).map(([name, value]) => ({ name, value })),
            })),
        });
      } catch (e) {
        // another instance created them between listTopics and createTopics
        if (!isAlreadyExists(e)) throw e;
      }
      await waitForLeaders(admin, missing, opts.leaderTimeoutMs ?? 30_000);
    }
    return names;
  } finally {
    await admin.disconnect();
  }
}

/** Deletes physical topics (tests clean up their own prefix). */
export async function deleteTopics(conn: KafkaConnection, physicalNames: string[]): Promise<void> {
  const admin = createKafka(conn).admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const topics = physicalNames.filter((n) => existing.has(n));
    if (topics.length) await admin.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}

type Admin = ReturnType<ReturnType<typeof createKafka>['admin']>;

/** Polls metadata until every partition of `topics` has a leader, tolerating the transient errors of a fresh topic. */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1000)) {
    try {
      const { topics: meta } = await admin.fetchTopicMetadata({ topics });
      if (
        meta.length === topics.length &&
        meta.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))
      )
        return;
    } catch (e) {
      const type = (e as { type?: string }).type;
      if (type !== 'UNKNOWN_TOPIC_OR_PARTITION' && type !== 'LEADER_NOT_AVAILABLE') throw e;
    }
    if (Date.now() > deadline) throw new Error(`topics have no leader after ${timeoutMs} ms: ${topics.join(', ')}`);
    await new Promise((r) => setTimeout(r, delay));
  }
}

function isAlreadyExists(e: unknown): boolean {
  const err = e as { type?: string; errors?: { type?: string }[] };
  if (err?.type === 'TOPIC_ALREADY_EXISTS') return true;
  return (
    Array.isArray(err?.errors) && err.errors.length > 0 && err.errors.every((x) => x?.type === 'TOPIC_ALREADY_EXISTS')
  );
}

/**
 * Deletes every record now in a topic, as retention would once they are old enough: a test of a
 * consumer that starts after the facts it needs have left the topic (libs/divisions' REST load).
 */
export async function expireTopicRecords(conn: KafkaConnection, physicalName: string): Promise<void> {
  const admin = createKafka(conn).admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(physicalName);
    await admin.deleteTopicRecords({
      topic: physicalName,
      partitions: offsets.map((o) => ({ partition: o.partition, offset: o.high })),
    });
  } finally {
    await admin.disconnect();
  }
}
