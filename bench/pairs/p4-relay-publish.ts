import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { messagingEntities, messagingMigrations, OutboxRelay, physicalTopic, TopicProbe } from '@civic/messaging';
import { DataSource } from 'typeorm';
import { PairResult, sleep } from '../bench-stats';
import { BenchEnv } from './bench-env';

/**
 * P4: the outbox relay publishing N pending rows (select batch, sendBatch acks=all, mark sent;
 * from start until the last row is marked) vs one batched produce of the same N messages with
 * acks=all (TopicProbe.send: one idempotent kafkajs producer, connect included on both sides).
 */
export async function p4RelayPublish(env: BenchEnv, n: number, batchSize?: number): Promise<PairResult> {
  const result: PairResult = {
    id: 'P4',
    title: `outbox relay publishing ${n} events`,
    project: `OutboxRelay (batch ${batchSize ?? 'default'}) until every row is marked sent`,
    baseline: 'kafkajs batched produce, acks=all, of the same messages',
    kind: 'throughput',
    rounds: [],
    notes: [],
  };
  const s = await env.schema('p4', ['faults.counter']);
  const ds = await new DataSource({
    type: 'postgres',
    url: s.url,
    entities: messagingEntities,
    migrations: messagingMigrations,
    extra: { max: 4 },
  }).initialize();
  await ds.runMigrations({ transaction: 'all' });
  const topic = physicalTopic(s.topicPrefix, 'faults.counter');
  const probe = new TopicProbe({ brokers: env.brokers.split(','), clientId: 'bench-p4' });
  const messages = Array.from({ length: n }, (_, i) => {
    const key = `k${i % 200}`;
    const value = JSON.stringify({
      specversion: '1.0',
      id: randomUUID(),
      type: 'faults.counter.incremented',
      source: '/civic/bench',
      subject: key,
      dataversion: 1,
      data: { counterId: key, seq: 1 + Math.floor(i / 200) },
    });
    return { key, value, headers: { ce_type: 'faults.counter.incremented' } };
  });
  const project = async () => {
    await ds.query(`TRUNCATE outbox_message`);
    for (let i = 0; i < n; i += 1000) {
      const chunk = messages.slice(i, i + 1000);
      const params: unknown[] = [];
      const rows = chunk.map((m, j) => {
        params.push(
          JSON.parse(m.value).id,
          'faults.counter',
          m.key,
          'faults.counter.incremented',
          m.value,
          JSON.stringify(m.headers),
        );
        return `($${j * 6 + 1}, $${j * 6 + 2}, $${j * 6 + 3}, $${j * 6 + 4}, $${j * 6 + 5}, $${j * 6 + 6}::jsonb)`;
      });
      await ds.query(
        `INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers) VALUES ${rows.join(', ')}`,
        params,
      );
    }
    const relay = new OutboxRelay({
      dataSource: ds,
      kafka: { brokers: env.brokers.split(','), clientId: 'bench-p4-relay', topicPrefix: s.topicPrefix },
      service: 'bench',
      batchSize,
      pollIntervalMs: 20,
    });
    const t0 = performance.now();
    await relay.start();
    for (;;) {
      const [{ left }] = await ds.query(`SELECT count(*)::int AS left FROM outbox_message WHERE sent_at IS NULL`);
      if (left === 0) break;
      await sleep(5);
    }
    const ms = performance.now() - t0;
    await relay.stop();
    return { perSec: (n * 1000) / ms };
  };
  const baseline = async () => {
    const t0 = performance.now();
    await probe.send(topic, messages);
    return { perSec: (n * 1000) / (performance.now() - t0) };
  };
  try {
    await project();
    await baseline();
    for (let r = 0; r < env.rounds; r++) {
      const p =
        r % 2
          ? await baseline().then(async (b) => ({ b, p: await project() }))
          : await project().then(async (p) => ({ p, b: await baseline() }));
      result.rounds.push({ project: p.p, baseline: p.b });
      env.log(`P4 round ${r + 1}: relay ${p.p.perSec!.toFixed(0)}/s, raw produce ${p.b.perSec!.toFixed(0)}/s`);
    }
    result.notes.push(
      `${n} messages of ~300 bytes on 3 partitions, 200 keys; the relay's time includes its 5 ms completion poll`,
    );
  } finally {
    await ds.destroy();
    await s.drop();
  }
  return result;
}
