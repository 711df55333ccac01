// Compatibility smoke test of the pinned client against the pinned broker
// (docs/adr/0001-kafka-client-and-broker.md): kafkajs 2.2.4 is unmaintained, so a broker upgrade
// must re-run this before anything else.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { deleteTopics, ensureTopics } from './ensure-topics';

// the 120 s testTimeout on the integration project entry is not applied (jest takes it only at the top level)
jest.setTimeout(120_000);

describe('kafkajs 2.2.4 against the local Apache Kafka broker', () => {
  const prefix = `compat-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}.`;
  const conn = { brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'compat', topicPrefix: prefix };
  const kafka = new Kafka({ clientId: 'compat', brokers: conn.brokers, logLevel: logLevel.NOTHING });
  const topic = `${prefix}smoke`;
  let created: string[] = [];

  afterAll(() => deleteTopics(conn, created));

  it('creates topics idempotently with auto-creation off', async () => {
    created = await ensureTopics(conn, ['smoke'], { partitions: 2 });
    expect(created).toEqual([topic, `${topic}.dlq`]);
    await expect(ensureTopics(conn, ['smoke'], { partitions: 2 })).resolves.toEqual(created);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics: created });
      expect(meta.topics.map((t) => t.partitions.length)).toEqual([2, 2]);
      const cluster = await admin.describeCluster();
      expect(cluster.brokers.length).toBeGreaterThanOrEqual(1);
    } finally {
      await admin.disconnect();
    }
  });

  it('refuses to produce to a topic that does not exist rather than creating it', async () => {
    const producer = kafka.producer({ allowAutoTopicCreation: false, retry: { retries: 1 } });
    await producer.connect();
    try {
      await expect(
        producer.send({ topic: `${prefix}missing`, messages: [{ key: 'k', value: 'v' }] }),
      ).rejects.toThrow();
    } finally {
      await producer.disconnect();
    }
  });

  it('produces with an idempotent producer (acks=all), consumes in a group with manual commits, and reads the committed offset back', async () => {
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await producer.connect();
    const messages = Array.from({ length: 10 }, (_, i) => ({
      key: `k${i % 2}`,
      value: `m${i}`,
      headers: { ce_id: `id-${i}` },
    }));
    await producer.sendBatch({ acks: -1, topicMessages: [{ topic, messages }] });
    await producer.disconnect();

    const groupId = `${prefix}group`;
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    const seen: { key: string; value: string; header: string }[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          autoCommit: false,
          eachBatchAutoResolve: false,
          eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
            for (const m of batch.messages) {
              seen.push({ key: m.key!.toString(), value: m.value!.toString(), header: m.headers!.ce_id!.toString() });
              await consumer.commitOffsets([
                { topic: batch.topic, partition: batch.partition, offset: (BigInt(m.offset) + 1n).toString() },
              ]);
              resolveOffset(m.offset);
            }
            await heartbeat();
            if (seen.length >= 10) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect();

    // per key, order is the produce order
    for (const k of ['k0', 'k1']) {
      expect(seen.filter((s) => s.key === k).map((s) => s.value)).toEqual(
        messages.filter((m) => m.key === k).map((m) => m.value),
      );
    }
    expect(seen.map((s) => s.header).sort()).toEqual(messages.map((m) => m.headers.ce_id).sort());
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      const ends = await admin.fetchTopicOffsets(topic);
      // the committed offset is the next record to read (offset+1): each partition's end, -1 where empty
      const expected = ends.map((e) => ({ partition: e.partition, offset: e.high === '0' ? '-1' : e.high }));
      expect(
        offsets.partitions
          .map((p) => ({ partition: p.partition, offset: p.offset }))
          .sort((a, b) => a.partition - b.partition),
      ).toEqual(expected.sort((a, b) => a.partition - b.partition));
      expect(ends.reduce((sum, e) => sum + Number(e.high), 0)).toBe(10);
      await admin.deleteGroups([groupId]);
    } finally {
      await admin.disconnect();
    }
  });
});
