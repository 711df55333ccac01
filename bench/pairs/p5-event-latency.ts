import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DEFAULT_BATCH_SIZE, physicalTopic, TopicProbe } from '@civic/messaging';
import { freePort } from '@civic/testing';
import { fixtureTarget } from '../../faults/harness/fixture-target';
import { CommandLoad } from '../../faults/harness/load';
import { ServiceProcess } from '../../faults/harness/service-process';
import { PairResult, percentile, Sample, sleep } from '../bench-stats';
import { BenchEnv } from './bench-env';
import { runSplit } from './run-split';

async function fixture(
  env: BenchEnv,
  s: { schema: string; topicPrefix: string },
  role: { relay: boolean; consumer: boolean },
) {
  // a fixed port collided with other benchmark runs on the same host (EADDRINUSE)
  const p = await freePort();
  // BENCH_PROBE: the consumer process is preloaded with libs/messaging/src/kafka/consumer-probe.ts (batch sizes, CPU profile)
  const args =
    process.env.BENCH_PROBE && role.consumer
      ? [
          ...fixtureTarget.args.slice(0, -1),
          '-r',
          join(__dirname, '..', '..', 'libs', 'messaging', 'src', 'kafka', 'consumer-probe.ts'),
          ...fixtureTarget.args.slice(-1),
        ]
      : fixtureTarget.args;
  const svc = new ServiceProcess(
    `p5-${role.relay ? 'producer' : 'consumer'}`,
    args,
    fixtureTarget.env({
      databaseUrl: env.databaseUrl,
      schema: s.schema,
      brokers: env.brokers,
      topicPrefix: s.topicPrefix,
      port: p,
      ...role,
    }),
    p,
  );
  await svc.ready;
  return svc;
}

/**
 * P5: a command's event committed (outbox row) → the consumer's effect committed (fixture
 * ledger row), both timestamps from PostgreSQL, at a fixed rate; against kafkajs produce →
 * consume of the same rate (the receive time minus the moment send() was called).
 * P5b: the consumer draining a backlog of N events (effects per second) vs reading the same N
 * records with a plain kafkajs consumer.
 */
export async function p5EventLatency(env: BenchEnv, ratePerSec: number, backlog: number): Promise<PairResult[]> {
  const latency: PairResult = {
    id: 'P5',
    title: `event committed → effect committed at ${ratePerSec}/s`,
    project: 'fixture: outbox → relay → Kafka → inbox consumer → effect row',
    baseline: 'kafkajs produce → consume',
    kind: 'latency',
    rounds: [],
    notes: [],
  };
  const drain: PairResult = {
    id: 'P5b',
    title: `consumer draining ${backlog} events`,
    project: `InboxConsumer: inbox rows + effects in runs of up to ${DEFAULT_BATCH_SIZE} records per transaction`,
    baseline: 'kafkajs consumer reading the same records',
    kind: 'throughput',
    rounds: [],
    notes: [],
  };
  const s = await env.schema('p5', ['faults.counter', 'bench.raw']);
  const db = new Pool({ connectionString: s.url, max: 2 });
  const topic = physicalTopic(s.topicPrefix, 'faults.counter');
  const rawTopic = physicalTopic(s.topicPrefix, 'bench.raw');
  const probe = new TopicProbe({ brokers: env.brokers.split(','), clientId: 'bench-p5' });
  const procs: ServiceProcess[] = [];
  try {
    const producer = await fixture(env, s, { relay: true, consumer: false });
    procs.push(producer);
    let consumer = await fixture(env, s, { relay: false, consumer: true });
    procs.push(consumer);

    const answeredP50: number[] = [];
    const projectLatency = async (): Promise<Sample> => {
      const load = new CommandLoad(fixtureTarget, () => [producer.url], {
        keys: 50,
        ratePerSec,
        concurrency: 4,
        limit: ratePerSec * env.seconds,
      }).start();
      await load.done();
      for (let t = 0; t < 600; t++) {
        const [{ n }] = (
          await db.query(`SELECT count(*)::int AS n FROM fault_effect WHERE event_id = ANY($1)`, [load.acked])
        ).rows;
        if (n >= load.acked.length) break;
        await sleep(100);
      }
      const { rows } = await db.query(
        `SELECT e.event_id, EXTRACT(EPOCH FROM e.applied_at - o.created_at) * 1000 AS ms, EXTRACT(EPOCH FROM e.applied_at) * 1000 AS applied FROM fault_effect e JOIN outbox_message o ON o.event_id::text = e.event_id WHERE e.event_id = ANY($1)`,
        [load.acked],
      );
      const ms = rows.map((r) => Number(r.ms));
      // committed → effect: from the command's answer (its commit returned just before, so this is a
      // little in the project's favour) to the effect; `created_at` is the write transaction's start
      const fromAnswer = rows.map((r) => Number(r.applied) - load.answeredAt.get(r.event_id)!);
      answeredP50.push(percentile(fromAnswer, 50));
      return { p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99), perSec: ms.length };
    };
    const baselineLatency = async (): Promise<Sample> => {
      const n = ratePerSec * env.seconds;
      const runId = randomUUID();
      const sentAt = new Map<string, number>();
      const ms: number[] = [];
      const collecting = probe.collect(rawTopic, {
        timeoutMs: 120_000,
        until: (r) => {
          const v = JSON.parse(r.value ?? '{}');
          if (v.run === runId) ms.push(Date.now() - sentAt.get(v.id)!);
          return ms.length >= n;
        },
      });
      await sleep(1_500); // the probe joins its group before the first send
      for (let i = 0; i < n; i++) {
        const t0 = Date.now();
        const id = `${runId}-${i}`;
        sentAt.set(id, t0);
        await probe.send(rawTopic, [{ key: `b${i % 50}`, value: JSON.stringify({ run: runId, id }) }]);
        await sleep(Math.max(0, 1000 / ratePerSec - (Date.now() - t0)));
      }
      await collecting;
      return { p50Ms: percentile(ms, 50), p99Ms: percentile(ms, 99), perSec: ms.length };
    };

    await projectLatency(); // warm-up
    for (let r = 0; r < env.rounds; r++) {
      const b = await baselineLatency();
      const p = await projectLatency();
      latency.rounds.push({ project: p, baseline: b });
      env.log(
        `P5 round ${r + 1}: project p50 ${p.p50Ms!.toFixed(1)} ms p99 ${p.p99Ms!.toFixed(1)} ms (answered → effect p50 ${answeredP50[answeredP50.length - 1].toFixed(1)} ms); raw p50 ${b.p50Ms!.toFixed(1)} ms p99 ${b.p99Ms!.toFixed(1)} ms`,
      );
    }
    const answered = answeredP50.slice(1).map((v) => v.toFixed(1)); // the warm-up round first
    latency.notes.push(
      `${ratePerSec} events/s for ${env.seconds} s per round; project times are PostgreSQL timestamps (outbox row created, i.e. the write transaction's start → effect row written); committed → effect (from the command's answer, which follows its commit) p50 by round: ${answered.join(' / ')} ms; the raw send goes through TopicProbe.send, which connects a producer per call, so the baseline includes a connect (an upper bound for raw latency, in the project's favour)`,
    );

    // P5b: stop the consumer, build a backlog, start a fresh consumer and time the drain
    for (let r = 0; r < Math.max(1, env.rounds - 1); r++) {
      await consumer.kill('SIGTERM');
      const before = (await db.query(`SELECT count(*)::int AS n FROM fault_effect`)).rows[0].n as number;
      const load = new CommandLoad(fixtureTarget, () => [producer.url], {
        keys: 60,
        ratePerSec: 2_000,
        concurrency: 8,
        limit: backlog,
      }).start();
      await load.done();
      for (;;) {
        const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM outbox_pending`)).rows;
        if (n === 0) break;
        await sleep(100);
      }
      consumer = await fixture(env, s, { relay: false, consumer: true });
      procs.push(consumer);
      for (;;) {
        const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM fault_effect`)).rows;
        if (n - before >= backlog) break;
        await sleep(50);
      }
      // first to last effect of the backlog (process start-up and group join are not counted); the
      // rate after the first third is logged beside it, to show how much a fresh process's warm-up
      // weighs (it did not at 6000 records: docs/benchmarks.md, City scale, P5b / P5c)
      const warmFrom = Math.floor(backlog / 3);
      const [{ sec, warm_sec }] = (
        await db.query(
          `WITH x AS (SELECT applied_at, row_number() OVER (ORDER BY applied_at) AS k FROM (SELECT applied_at FROM fault_effect ORDER BY id OFFSET $1) b)
           SELECT EXTRACT(EPOCH FROM max(applied_at) - min(applied_at)) AS sec,
                  EXTRACT(EPOCH FROM max(applied_at) - min(applied_at) FILTER (WHERE k > $2)) AS warm_sec FROM x`,
          [before, warmFrom],
        )
      ).rows;
      const wholeRate = backlog / Number(sec);
      const warmRate = (backlog - warmFrom - 1) / Number(warm_sec);
      env.log(`P5b round ${r + 1} runs: ${await runSplit(db, before)}`);
      const total = (await db.query(`SELECT count(*)::int AS n FROM outbox_message`)).rows[0].n as number;
      let first = 0;
      let seen = 0;
      await probe.collect(topic, { timeoutMs: 120_000, until: () => ((first ||= performance.now()), ++seen >= total) });
      const baselineSec = (performance.now() - first) / 1000;
      drain.rounds.push({ project: { perSec: wholeRate }, baseline: { perSec: total / baselineSec } });
      env.log(
        `P5b round ${r + 1}: consumer ${wholeRate.toFixed(0)} effects/s (${warmRate.toFixed(0)}/s after the first third), raw read ${(total / baselineSec).toFixed(0)} records/s`,
      );
    }
    drain.notes.push(
      `project: a fresh consumer process drains ${backlog} events, first to last effect (PostgreSQL timestamps), partitionsConsumedConcurrently 3; raw: first to last record of the whole topic read from offset 0 by a kafkajs consumer`,
    );
  } finally {
    for (const p of procs) if (p.alive) await p.kill('SIGKILL');
    await db.end();
    await s.drop();
  }
  return [latency, drain];
}
