import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { messagingEntities, messagingMigrations, OutboxRelay, physicalTopic, TopicProbe } from '@civic/messaging';
import { DataSource } from 'typeorm';
import { PairResult } from '../bench-stats';
import { BenchEnv } from './bench-env';
import { procCpuMs } from './process-cpu';

/** One of P4's messages: what the raw producer sends and what the relay's row holds. */
export interface P4Message {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** P4's N messages: CloudEvents of ~300 bytes over 200 keys, in key-round-robin order. */
export function p4Messages(n: number): P4Message[] {
  return Array.from({ length: n }, (_, i) => {
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
}

/** Empties the outbox and inserts the messages as pending rows of the logical topic faults.counter. */
export async function insertPending(ds: DataSource, messages: P4Message[]): Promise<void> {
  await ds.query(`TRUNCATE outbox_message`);
  for (let i = 0; i < messages.length; i += 1000) {
    const chunk = messages.slice(i, i + 1000);
    await ds.query(
      `INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers)
       SELECT (e.payload::jsonb ->> 'id')::uuid, 'faults.counter', e.message_key, 'faults.counter.incremented', e.payload, e.headers::jsonb
       FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS e(message_key, payload, headers, ord) ORDER BY e.ord`,
      [chunk.map((m) => m.key), chunk.map((m) => m.value), chunk.map((m) => JSON.stringify(m.headers))],
    );
  }
}

/** The pid of the local Kafka broker (infra/up.sh local mode), undefined when the broker is elsewhere. */
export function localBrokerPid(): number | undefined {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (readFileSync(`/proc/${d}/cmdline`, 'utf8').includes('kafka.Kafka')) return Number(d);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

/** One drain of the pending rows by an OutboxRelay: wall time and CPU of this process, the relay's PostgreSQL backend and the broker. */
export interface Drain {
  ms: number;
  processCpuMs: number;
  backendCpuMs: number;
  brokerCpuMs: number;
}

/** The application_name of P4's DataSource, whose pool the relay marks rows through. */
export const P4_APPLICATION = 'bench-p4';

/** CPU ms so far of the PostgreSQL backends of P4's pool and of its relay's lock session, by pid. */
async function backendsCpu(ds: DataSource): Promise<Map<number, number>> {
  const rows: { pid: number }[] = await ds.query(
    `SELECT pid FROM pg_stat_activity WHERE application_name IN ($1, 'bench-outbox-relay') AND datname = current_database()`,
    [P4_APPLICATION],
  );
  return new Map(rows.map((r) => [r.pid, procCpuMs(r.pid)]));
}

/**
 * Starts a relay on the pending rows and stops timing when its `marked` step has reported all `n`
 * rows (the step runs right after the statement that marked them returned). Before session 6 the
 * bench polled `count(*)` every 5 ms on another connection instead: up to 5 ms plus one statement
 * late, and ~200 statements a second competing with the relay for the host's two cores.
 * The DataSource's pool must carry `application_name` P4_APPLICATION (its backends' CPU is counted).
 */
export async function drainOnce(
  ds: DataSource,
  env: Pick<BenchEnv, 'brokers'>,
  topicPrefix: string,
  n: number,
  batchSize?: number,
): Promise<Drain> {
  let marked = 0;
  let done!: () => void;
  const allMarked = new Promise<void>((r) => (done = r));
  const relay = new OutboxRelay({
    dataSource: ds,
    kafka: { brokers: env.brokers.split(','), clientId: 'bench-p4-relay', topicPrefix },
    service: 'bench',
    batchSize,
    pollIntervalMs: 20,
    onStep: (step, ids) => {
      if (step === 'marked' && (marked += ids.length) >= n) done();
    },
  });
  const broker = localBrokerPid();
  const backends0 = await backendsCpu(ds);
  const brokerCpu0 = procCpuMs(broker);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await relay.start();
  await allMarked;
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const brokerCpuMs = procCpuMs(broker) - brokerCpu0;
  // the relay's session was opened for this drain (its whole CPU time is the drain's); a pool backend
  // opened meanwhile likewise
  let backendCpuMs = 0;
  for (const [pid, ms1] of await backendsCpu(ds)) backendCpuMs += ms1 - (backends0.get(pid) ?? 0);
  await relay.stop();
  return { ms, processCpuMs: (cpu.user + cpu.system) / 1000, backendCpuMs, brokerCpuMs };
}

/** The raw side: one connected idempotent producer sending all messages in one batch, acks=all (connect included). */
export async function rawProduce(probe: TopicProbe, topic: string, messages: P4Message[]): Promise<Drain> {
  const broker = localBrokerPid();
  const brokerCpu0 = procCpuMs(broker);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await probe.send(topic, messages);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    ms,
    processCpuMs: (cpu.user + cpu.system) / 1000,
    backendCpuMs: 0,
    brokerCpuMs: procCpuMs(broker) - brokerCpu0,
  };
}

/** `12.3 µs/row (process 8.1 + PostgreSQL 2.0 + broker 2.2)` for a drain of n rows. */
export function cpuPerRow(d: Drain, n: number): string {
  const us = (ms: number) => ((ms * 1000) / n).toFixed(1);
  return `CPU ${us(d.processCpuMs + (d.backendCpuMs || 0) + (d.brokerCpuMs || 0))} µs/row (process ${us(d.processCpuMs)} + PostgreSQL ${us(d.backendCpuMs)} + broker ${us(d.brokerCpuMs)})`;
}

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
    extra: { max: 4, application_name: P4_APPLICATION },
  }).initialize();
  await ds.runMigrations({ transaction: 'all' });
  const topic = physicalTopic(s.topicPrefix, 'faults.counter');
  const probe = new TopicProbe({ brokers: env.brokers.split(','), clientId: 'bench-p4' });
  const messages = p4Messages(n);
  const project = async () => {
    await insertPending(ds, messages);
    const d = await drainOnce(ds, env, s.topicPrefix, n, batchSize);
    return { perSec: (n * 1000) / d.ms, drain: d };
  };
  const baseline = async () => {
    const d = await rawProduce(probe, topic, messages);
    return { perSec: (n * 1000) / d.ms, drain: d };
  };
  try {
    await project();
    await baseline();
    for (let r = 0; r < env.rounds; r++) {
      const p =
        r % 2
          ? await baseline().then(async (b) => ({ b, p: await project() }))
          : await project().then(async (p) => ({ p, b: await baseline() }));
      result.rounds.push({ project: { perSec: p.p.perSec }, baseline: { perSec: p.b.perSec } });
      env.log(
        `P4 round ${r + 1}: relay ${p.p.perSec.toFixed(0)}/s, ${cpuPerRow(p.p.drain, n)}; raw produce ${p.b.perSec.toFixed(0)}/s, ${cpuPerRow(p.b.drain, n)}`,
      );
    }
    result.notes.push(
      `${n} messages of ~300 bytes on 3 partitions, 200 keys; the relay's time ends when its last batch is marked (its \`marked\` step)`,
    );
  } finally {
    await ds.destroy();
    await s.drop();
  }
  return result;
}
