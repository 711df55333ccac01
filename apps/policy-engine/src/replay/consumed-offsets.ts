import { createKafka, KafkaConnection, physicalTopic } from '@civic/messaging';

/** The end offset (high watermark) of every partition of the logical topics, by physical topic. */
export async function endOffsets(
  conn: KafkaConnection,
  logicalTopics: string[],
): Promise<Map<string, Map<number, bigint>>> {
  const admin = createKafka(conn).admin();
  await admin.connect();
  try {
    const out = new Map<string, Map<number, bigint>>();
    for (const t of logicalTopics) {
      const topic = physicalTopic(conn.topicPrefix, t);
      const offsets = await admin.fetchTopicOffsets(topic);
      out.set(topic, new Map(offsets.map((o) => [o.partition, BigInt(o.high)])));
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

/** True when the group has committed at least `targets` on every partition (it consumed everything up to them). */
export async function groupReached(
  conn: KafkaConnection,
  groupId: string,
  targets: Map<string, Map<number, bigint>>,
): Promise<boolean> {
  const admin = createKafka(conn).admin();
  await admin.connect();
  try {
    const committed = await admin.fetchOffsets({ groupId, topics: [...targets.keys()] });
    for (const { topic, partitions } of committed) {
      for (const p of partitions) {
        const target = targets.get(topic)?.get(p.partition) ?? 0n;
        const at = p.offset === '-1' ? 0n : BigInt(p.offset);
        if (at < target) return false;
      }
    }
    return true;
  } finally {
    await admin.disconnect();
  }
}
