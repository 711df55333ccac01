import { personViewTopics } from '@civic/contracts';
import { ConfigResourceTypes } from 'kafkajs';
import { connectAdmin, deadLetterTopic, KafkaConnection, physicalTopic } from './kafka-config';

/** Partitions, replication and retention every topic of an environment gets (KAFKA_* settings). */
export interface TopicSettings {
  partitions: number;
  replicationFactor: number;
  minInsyncReplicas: number;
  /** Retention of the topics that are not replayed, and of every `.dlq`. */
  retentionMs: number;
}

/** A single local broker: what tests and `npm start` use. */
export const LOCAL_TOPIC_SETTINGS: TopicSettings = {
  partitions: 3,
  replicationFactor: 1,
  minInsyncReplicas: 1,
  retentionMs: 2_592_000_000,
};

/** One physical topic as it must exist on the broker. */
export interface TopicSpec {
  topic: string;
  partitions: number;
  replicationFactor: number;
  configs: Record<string, string>;
}

/**
 * The physical topics (each with its `.dlq`) for logical ones, with their settings. The topics the
 * policy engine's person view is rebuilt from (personViewTopics in libs/contracts: every
 * department's and the hub's topics and policy.parameter) keep every record: `retention.ms=-1`,
 * `cleanup.policy=delete`. Not compacted: compaction keeps only the last record per key, and the
 * view needs each household's whole history in order. Everything else (policy.alert, the `.dlq`
 * topics, whose dead letters are also in the services' tables) is kept `retentionMs`.
 */
export function topicSpecs(prefix: string | undefined, logicalTopics: string[], s: TopicSettings): TopicSpec[] {
  const forever = new Set(personViewTopics());
  const spec = (topic: string, keepAll: boolean): TopicSpec => ({
    topic,
    partitions: s.partitions,
    replicationFactor: s.replicationFactor,
    configs: {
      'cleanup.policy': 'delete',
      'retention.ms': keepAll ? '-1' : String(s.retentionMs),
      'min.insync.replicas': String(s.minInsyncReplicas),
    },
  });
  const byName = new Map<string, TopicSpec>();
  for (const logical of logicalTopics) {
    const main = physicalTopic(prefix, logical);
    byName.set(main, spec(main, forever.has(logical)));
    byName.set(deadLetterTopic(main), spec(deadLetterTopic(main), false));
  }
  return [...byName.values()].sort((a, b) => a.topic.localeCompare(b.topic));
}

/** The managed configs of `s` that the described configs lack or hold with another value. */
function configProblems(
  s: TopicSpec,
  described: { resources: { resourceName: string; configEntries: { configName: string; configValue: string }[] }[] },
): string[] {
  const entries = described.resources.find((r) => r.resourceName === s.topic)?.configEntries ?? [];
  return Object.entries(s.configs).flatMap(([name, want]) => {
    const got = entries.find((e) => e.configName === name)?.configValue;
    return got === want ? [] : [`${s.topic}: ${name}=${got ?? 'unset'}, want ${want}`];
  });
}

/** How each topic differs from its spec; empty when all match. Read-only (describe calls). */
export async function topicDifferences(conn: KafkaConnection, specs: TopicSpec[]): Promise<string[]> {
  const admin = await connectAdmin(conn);
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    const present = specs.filter((s) => existing.has(s.topic));
    const problems = missing.map((s) => `${s.topic}: missing`);
    if (!present.length) return problems;
    const { topics } = await admin.fetchTopicMetadata({ topics: present.map((s) => s.topic) });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: present.map((s) => ({ type: ConfigResourceTypes.TOPIC, name: s.topic })),
    });
    for (const s of present) {
      const meta = topics.find((t) => t.name === s.topic);
      const partitions = meta?.partitions.length ?? 0;
      if (partitions < s.partitions) problems.push(`${s.topic}: ${partitions} partitions, want ${s.partitions}`);
      const replicas = Math.min(...(meta?.partitions.map((p) => p.replicas.length) ?? [0]));
      if (replicas !== s.replicationFactor)
        problems.push(`${s.topic}: replication factor ${replicas}, want ${s.replicationFactor}`);
      problems.push(...configProblems(s, described));
    }
    return problems;
  } finally {
    await admin.disconnect();
  }
}

/** Start-up in `KAFKA_TOPICS=verify` mode: refuses to start while a topic is missing or differs. */
export async function verifyTopics(conn: KafkaConnection, specs: TopicSpec[]): Promise<void> {
  const problems = await topicDifferences(conn, specs);
  if (problems.length)
    throw new Error(
      `Kafka topics do not match the configuration (KAFKA_TOPICS=verify: create or fix them with ` +
        `\`npm run topics:apply\` or the topics Job): ${problems.join('; ')}`,
    );
}

/**
 * The admin step (`npm run topics:apply`, the Kubernetes topics Job): creates missing topics with
 * their settings, adds partitions where there are fewer, and sets the managed configs of existing
 * topics. A replication factor cannot be changed this way (that is a partition reassignment): it is
 * reported and left. Returns what it did and what is left.
 */
export async function applyTopics(
  conn: KafkaConnection,
  specs: TopicSpec[],
): Promise<{ created: string[]; altered: string[]; left: string[] }> {
  const admin = await connectAdmin(conn);
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length)
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.partitions,
          replicationFactor: s.replicationFactor,
          configEntries: Object.entries(s.configs).map(([name, value]) => ({ name, value })),
        })),
      });
    const present = specs.filter((s) => existing.has(s.topic));
    const altered: string[] = [];
    const left: string[] = [];
    if (present.length) {
      const { topics } = await admin.fetchTopicMetadata({ topics: present.map((s) => s.topic) });
      const grow = present.filter(
        (s) => (topics.find((t) => t.name === s.topic)?.partitions.length ?? 0) < s.partitions,
      );
      if (grow.length) {
        await admin.createPartitions({ topicPartitions: grow.map((s) => ({ topic: s.topic, count: s.partitions })) });
        // the brokers' metadata shows new partitions a moment later; report only once it does
        for (let waited = 0; ; waited += 200) {
          const now = await admin.fetchTopicMetadata({ topics: grow.map((s) => s.topic) });
          if (grow.every((s) => (now.topics.find((t) => t.name === s.topic)?.partitions.length ?? 0) >= s.partitions))
            break;
          if (waited > 30_000)
            throw new Error(`new partitions not visible after 30 s: ${grow.map((s) => s.topic).join(', ')}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      await admin.alterConfigs({
        validateOnly: false,
        resources: present.map((s) => ({
          type: ConfigResourceTypes.TOPIC,
          name: s.topic,
          configEntries: Object.entries(s.configs).map(([name, value]) => ({ name, value })),
        })),
      });
      altered.push(...present.map((s) => s.topic));
      // like new partitions, new configs reach the broker that describes them a moment later (KRaft
      // metadata propagation; seen taking seconds on a busy host): return only once they show
      for (let waited = 0; ; waited += 200) {
        const described = await admin.describeConfigs({
          includeSynonyms: false,
          resources: present.map((s) => ({ type: ConfigResourceTypes.TOPIC, name: s.topic })),
        });
        const stale = present.filter((s) => configProblems(s, described).length);
        if (!stale.length) break;
        if (waited > 30_000)
          throw new Error(`new topic configs not visible after 30 s: ${stale.map((s) => s.topic).join(', ')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const s of present) {
        const replicas = Math.min(
          ...(topics.find((t) => t.name === s.topic)?.partitions.map((p) => p.replicas.length) ?? [0]),
        );
        if (replicas !== s.replicationFactor)
          left.push(
            `${s.topic}: replication factor ${replicas}, want ${s.replicationFactor} (needs a partition reassignment)`,
          );
      }
    }
    return { created: missing.map((s) => s.topic), altered, left };
  } finally {
    await admin.disconnect();
  }
}
