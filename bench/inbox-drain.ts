/**
 * The InboxConsumer draining a backlog in-process (no HTTP, no Nest), beside a raw kafkajs read of
 * the same records and the raw-pg batch prototype (P5c) in the same run: the tool to profile the
 * consumer path (`node --cpu-prof -r @swc-node/register bench/inbox-drain.ts`). The handler is the
 * fault fixture's run handler (one statement per run; BENCH_RUN_HANDLER=0: its per-record handler).
 * Both the drain and P5c's per-batch side are metered alike (bench/pairs/sql-meter.ts: statements
 * per run or batch, CPU of this process and of the PostgreSQL backends per record, event-loop use).
 * BENCH_BATCH_SIZE sets the consumer's batchSize (its default otherwise), BENCH_P5C_BATCH P5c's (100).
 * Usage: node -r @swc-node/register bench/inbox-drain.ts   (BENCH_RECORDS=6000 BENCH_ROUNDS=2)
 */
import 'reflect-metadata';
import { loadavg } from 'node:os';
import { createEvent } from '@civic/contracts';
import { InboxConsumer, messagingMigrations, physicalTopic, TopicProbe } from '@civic/messaging';
import { loadInfraEnv } from '@civic/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { InboxRuns } from '../libs/messaging/src/inbox/inbox-runs';
import { faultCounterIncrementedV1 } from '../faults/fixture-service/counter-incremented.event';
import { FaultFixtureSchema1765900000000 } from '../faults/fixture-service/fixture-schema.migration';
import { median, sleep } from './bench-stats';
import { benchSchemaFactory, BenchEnv } from './pairs/bench-env';
import { consumerApply } from './pairs/consumer-apply';
import { FIXTURE_RUN_SQL as RUN_SQL } from '../faults/fixture-service/fixture-run-sql';
import { runSplit } from './pairs/run-split';
import { meterWindow, UNMETERED } from './pairs/sql-meter';
import { startProfile } from './cpu-profile';

const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);

async function main(): Promise<void> {
  loadInfraEnv();
  const databaseUrl = process.env.DATABASE_URL!;
  const brokers = process.env.KAFKA_BROKERS!;
  const n = num('BENCH_RECORDS', 6000);
  const rounds = num('BENCH_ROUNDS', 2);
  const env: BenchEnv = {
    databaseUrl,
    brokers,
    rounds,
    seconds: 3,
    concurrency: 1,
    pool: 4,
    log: (s) => console.log(s),
    schema: benchSchemaFactory(databaseUrl, brokers),
  };
  const probe = new TopicProbe({ brokers: brokers.split(','), clientId: 'bench-inbox-drain' });
  const results: { consumer: number; raw: number; p5c: number }[] = [];
  for (let r = 0; r < rounds; r++) {
    const s = await env.schema('drain', ['faults.counter']);
    const ds = await new DataSource({
      type: 'postgres',
      url: s.url,
      migrations: [...messagingMigrations, FaultFixtureSchema1765900000000],
      extra: { max: 8 },
    }).initialize();
    try {
      await ds.runMigrations({ transaction: 'all' });
      const topic = physicalTopic(s.topicPrefix, 'faults.counter');
      const seqs = new Map<string, number>();
      const messages = Array.from({ length: n }, (_, i) => {
        const counterId = `c${i % 300}`;
        const seq = (seqs.get(counterId) ?? 0) + 1;
        seqs.set(counterId, seq);
        const ev = createEvent(
          faultCounterIncrementedV1,
          { counterId, seq },
          { source: '/civic/fault-fixture', subject: counterId },
        );
        return { key: counterId, value: JSON.stringify(ev) };
      });
      await probe.send(topic, messages);
      let first = 0;
      let seen = 0;
      await probe.collect(topic, { timeoutMs: 120_000, until: () => ((first ||= performance.now()), ++seen >= n) });
      const raw = (n * 1000) / (performance.now() - first);

      const spans = traceRuns();
      let handlerMs = 0;
      const consumer = new InboxConsumer({
        dataSource: ds,
        kafka: { brokers: brokers.split(','), clientId: 'bench-drain', topicPrefix: s.topicPrefix },
        service: 'fault-fixture',
        consumer: 'ledger',
        topics: ['faults.counter'],
        partitionsConsumedConcurrently: 3,
        sessionTimeoutMs: 10_000,
        batchSize: process.env.BENCH_BATCH_SIZE ? num('BENCH_BATCH_SIZE', 100) : undefined,
        handle: async (event, ctx) => {
          const t0 = performance.now();
          const { counterId, seq } = event.data as { counterId: string; seq: number };
          await ctx.manager.query(
            `WITH prev AS (SELECT seq FROM fault_applied WHERE counter_id = $1 FOR UPDATE),
                  up AS (INSERT INTO fault_applied (counter_id, seq) VALUES ($1, $2) ON CONFLICT (counter_id) DO UPDATE SET seq = GREATEST(fault_applied.seq, EXCLUDED.seq))
             INSERT INTO fault_effect (counter_id, seq, expected_seq, event_id, consumer_pid) SELECT $1, $2, COALESCE((SELECT seq FROM prev), 0) + 1, $3, $4`,
            [counterId, seq, event.id, process.pid],
          );
          handlerMs += performance.now() - t0;
        },
        // the fault fixture's run handler (faults/fixture-service/counter-effects.listener.ts): one statement per run
        handleRun:
          process.env.BENCH_RUN_HANDLER === '0'
            ? undefined
            : async (items) => {
                const t0 = performance.now();
                const data = items.map((x) => x.event.data as { counterId: string; seq: number });
                await items[0].ctx.manager.query(RUN_SQL, [
                  data.map((d) => d.counterId),
                  data.map((d) => d.seq),
                  items.map((x) => x.event.id),
                  process.pid,
                ]);
                handlerMs += performance.now() - t0;
              },
      });
      // the wait loop polls on a connection of its own, left out of the meter (the consumer's pool is not shared with it)
      const poller = new Client({ connectionString: s.url });
      await poller.connect();
      await consumer.start();
      const meter = meterWindow();
      const profiler = process.env.BENCH_CPU_PROFILE ? await startProfile() : undefined;
      const tStart = performance.now();
      for (;;) {
        const { rows } = await poller.query(`${UNMETERED} SELECT count(*)::int AS c FROM fault_effect`);
        if (rows[0].c >= n) break;
        await sleep(50);
      }
      const wallMs = performance.now() - tStart;
      const metered = meter.end(n, spans.runs());
      await poller.end();
      if (profiler) await profiler(`${process.env.BENCH_CPU_PROFILE}.${r + 1}.cpuprofile`);
      await consumer.stop();
      const [{ sec, bad, total }] = await ds.query(
        `SELECT EXTRACT(EPOCH FROM max(applied_at) - min(applied_at)) AS sec, count(*) FILTER (WHERE seq <> expected_seq)::int AS bad, count(*)::int AS total FROM fault_effect`,
      );
      if (bad !== 0 || total !== n) throw new Error(`consumer wrote ${total} effects with ${bad} order violations`);
      const consumerRate = n / Number(sec);
      const split = await runSplit(ds, 0);
      const p5c = await consumerApply({ ...env, rounds: 1 }, n, num('BENCH_P5C_BATCH', 100));
      const batchRate = p5c.rounds[0].project.perSec!;
      results.push({ consumer: consumerRate, raw, p5c: batchRate });
      console.log(
        `round ${r + 1}: InboxConsumer ${consumerRate.toFixed(0)} effects/s, P5c prototype ${batchRate.toFixed(0)}/s (ratio ${(consumerRate / batchRate).toFixed(2)}), raw kafkajs read ${raw.toFixed(0)}/s` +
          `, time summed over partitions: ${spans.text(wallMs)}` +
          `, handler ${handlerMs.toFixed(0)} ms summed over partitions, wall ${wallMs.toFixed(0)} ms` +
          `; drain ${metered.text}` +
          `, runs: ${split}` +
          `, load ${loadavg()
            .map((x) => x.toFixed(2))
            .join(' ')}`,
      );
    } finally {
      await ds.destroy();
      await s.drop();
    }
  }
  console.log(
    `median: InboxConsumer ${median(results.map((x) => x.consumer)).toFixed(0)}/s, P5c ${median(results.map((x) => x.p5c)).toFixed(0)}/s, ratio ${median(results.map((x) => x.consumer / x.p5c)).toFixed(2)}`,
  );
}

/**
 * Time summed over partitions in InboxRuns.settle (parse + transaction) and in its transaction
 * (applyRun), and what is left of 3 partitions × the drain's wall time (waiting for the group
 * join and the fetch, and the batch handler outside settle).
 */
function traceRuns(): { text(wallMs: number): string; runs(): number } {
  const proto = InboxRuns.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  const sums = { settle: 0, applyRun: 0, calls: 0 };
  for (const name of ['settle', 'applyRun'] as const) {
    const original = proto[name];
    proto[name] = async function (this: unknown, ...a: unknown[]) {
      const t0 = performance.now();
      try {
        return await original.apply(this, a);
      } finally {
        sums[name] += performance.now() - t0;
        if (name === 'applyRun') sums.calls++;
      }
    };
  }
  return {
    text: (wallMs) =>
      `settle ${sums.settle.toFixed(0)} ms (of which run transactions ${sums.applyRun.toFixed(0)} ms, ${sums.calls} runs), outside settle ${(3 * wallMs - sums.settle).toFixed(0)} ms`,
    runs: () => sums.calls,
  };
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
