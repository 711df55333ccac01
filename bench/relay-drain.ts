/**
 * The outbox relay draining a backlog (P4's rows and messages) beside kafkajs's raw batched produce
 * of the same messages, with where the drain's time goes: per batch the marking/reading statement
 * (PostgreSQL's work, the rows' transfer and parse), the send (build, encode, broker round trip) and
 * the time neither was in flight; CPU of this process, the relay's PostgreSQL backend and the local
 * broker. The tool to profile the relay (`node --cpu-prof -r @swc-node/register bench/relay-drain.ts`;
 * BENCH_CPU_PROFILE=<prefix> profiles the drains only).
 * Usage: node -r @swc-node/register bench/relay-drain.ts   (BENCH_RECORDS=5000 BENCH_ROUNDS=3 BENCH_BATCH=500)
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { messagingMigrations, OutboxRelay, physicalTopic, TopicProbe } from '@civic/messaging';
import { loadInfraEnv } from '@civic/testing';
import { DataSource } from 'typeorm';
import { median } from './bench-stats';
import { benchSchemaFactory } from './pairs/bench-env';
import { cpuPerRow, drainOnce, insertPending, P4_APPLICATION, p4Messages, rawProduce } from './pairs/p4-relay-publish';
import { startProfile } from './cpu-profile';

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);

/** Start and end of each statement and send of the relay, by wrapping its (private) methods. */
function timeline() {
  const spans: { kind: 'sql' | 'mark' | 'send'; t0: number; t1: number; rows: number }[] = [];
  const proto = OutboxRelay.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  // the relay's statements: before session 6 one `markAndRead` (mark k-1, read k+1); since, `read` on
  // the lock session and `markSent` on the pool
  const methods = [
    ['markAndRead', 'sql'],
    ['read', 'sql'],
    ['markSent', 'mark'],
    ['send', 'send'],
  ] as const;
  for (const [method, kind] of methods) {
    const original = proto[method];
    if (!original) continue;
    proto[method] = async function (this: unknown, ...a: unknown[]) {
      const t0 = performance.now();
      const r = await original.apply(this, a);
      // a send's and a mark's rows are its argument; a read's, the rows it read
      const rows = ((kind === 'sql' ? r : a[0]) as unknown[]).length;
      spans.push({ kind, t0, t1: performance.now(), rows });
      if (process.env.BENCH_VERBOSE)
        console.log(`    ${kind} ${rows} rows ${t0.toFixed(1)} → ${performance.now().toFixed(1)}`);
      return r;
    };
  }
  return {
    reset: () => (spans.length = 0),
    /** Sums and medians, and the time from the first span's start to the last's end covered by neither. */
    summary(): string {
      const of = (k: 'sql' | 'mark' | 'send') => spans.filter((s) => s.kind === k).map((s) => s.t1 - s.t0);
      const sql = of('sql');
      const send = of('send');
      const mark = of('mark');
      const start = Math.min(...spans.map((s) => s.t0));
      const end = Math.max(...spans.map((s) => s.t1));
      // idle: instants when no statement and no send was in flight
      const edges = spans.flatMap((s) => [
        { t: s.t0, d: 1 },
        { t: s.t1, d: -1 },
      ]);
      edges.sort((a, b) => a.t - b.t || b.d - a.d);
      let open = 0;
      let last = start;
      let idle = 0;
      for (const e of edges) {
        if (open === 0) idle += e.t - last;
        open += e.d;
        last = e.t;
      }
      const f = (xs: number[]) =>
        `${xs.length} × median ${median(xs).toFixed(1)} ms (sum ${xs.reduce((a, b) => a + b, 0).toFixed(0)})`;
      return `statements on the lock session ${f(sql)}; ${mark.length ? `marks on the pool ${f(mark)}; ` : ''}sends ${f(send)}; first statement → last end ${(end - start).toFixed(0)} ms, of which no statement and no send in flight ${idle.toFixed(0)} ms`;
    },
  };
}

async function main(): Promise<void> {
  loadInfraEnv();
  const databaseUrl = process.env.DATABASE_URL!;
  const brokers = process.env.KAFKA_BROKERS!;
  const n = num('BENCH_RECORDS', 5000);
  const rounds = num('BENCH_ROUNDS', 3);
  const batch = process.env.BENCH_BATCH ? num('BENCH_BATCH', 500) : undefined;
  const s = await benchSchemaFactory(databaseUrl, brokers)('drain', ['faults.counter']);
  const ds = new DataSource({
    type: 'postgres',
    url: s.url,
    migrations: messagingMigrations,
    extra: { max: 4, application_name: P4_APPLICATION },
  });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'all' });
  const probe = new TopicProbe({ brokers: brokers.split(','), clientId: 'bench-relay-drain' });
  const topic = physicalTopic(s.topicPrefix, 'faults.counter');
  const messages = p4Messages(n);
  const spans = timeline();
  try {
    // warm-up: both sides once (connections, JIT, topic metadata)
    await insertPending(ds, messages);
    await drainOnce(ds, { brokers }, s.topicPrefix, n, batch);
    await rawProduce(probe, topic, messages);
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r++) {
      await insertPending(ds, messages);
      spans.reset();
      const profile = process.env.BENCH_CPU_PROFILE ? await startProfile() : undefined;
      const relay = await drainOnce(ds, { brokers }, s.topicPrefix, n, batch);
      if (profile) await profile(`${process.env.BENCH_CPU_PROFILE}.relay.${r + 1}.cpuprofile`);
      const rawProfile = process.env.BENCH_CPU_PROFILE ? await startProfile() : undefined;
      const raw = await rawProduce(probe, topic, messages);
      if (rawProfile) await rawProfile(`${process.env.BENCH_CPU_PROFILE}.raw.${r + 1}.cpuprofile`);
      ratios.push(raw.ms / relay.ms);
      console.log(
        `round ${r + 1} (load ${loadavg()[0].toFixed(2)}): relay ${relay.ms.toFixed(0)} ms (${((n * 1000) / relay.ms).toFixed(0)}/s), ${cpuPerRow(relay, n)}`,
      );
      console.log(`  relay: ${spans.summary()}`);
      console.log(
        `  raw produce ${raw.ms.toFixed(0)} ms (${((n * 1000) / raw.ms).toFixed(0)}/s), ${cpuPerRow(raw, n)}; ratio ${(raw.ms / relay.ms).toFixed(2)}`,
      );
    }
    console.log(`median ratio relay/raw ${median(ratios).toFixed(2)}`);
  } finally {
    await ds.destroy();
    await s.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
