import { createKafka, deadLetterTopic, KafkaConnection, physicalTopic } from './kafka-config';

/** Options for ensureTopics; a single local broker needs replication factor 1. */
export interface EnsureTopicsOptions {
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
  const names = [
    ...new Set(
      logicalTopics.flatMap((t) => [
        physicalTopic(conn.topicPrefix, t),
        deadLetterTopic(physicalTopic(conn.topicPrefix, t)),
      ]),
    ),
  ];
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
          topics: missing.map((topic) => ({
            topic,
            numPartitions: opts.partitions ?? 3,
            replicationFactor: opts.replicationFactor ?? 1,
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

/**
 * An admin client, connected; a broker that cannot be reached is reported naming the setting the
 * addresses come from (KAFKA_BROKERS, libs/platform's BaseServiceConfig), so a start-up failure
 * says what to fix rather than only `connect ECONNREFUSED`.
 */
export async function connectAdmin(conn: KafkaConnection): Promise<Admin> {
  const admin = createKafka(conn).admin();
  try {
    await admin.connect();
  } catch (e) {
    const cause = e instanceof Error ? e.message : String(e);
    throw new Error(`cannot reach the Kafka brokers in KAFKA_BROKERS (${conn.brokers.join(',')}): ${cause}`, {
      cause: e,
    });
  }
  return admin;
}

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
