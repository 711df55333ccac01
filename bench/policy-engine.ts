/**
 * Policy engine benchmark (docs/reliability.md P6, issue 5), not a test. Two figures, each beside its
 * raw baseline in the same run:
 *  1. throughput: N household events (2 members each) pre-produced, then consumed from offset 0
 *     by a raw kafkajs consumer (TopicProbe, eachMessage, no work) and by the engine (inbox,
 *     projection into the person view, every rule evaluated, alerts raised) — events/s and ratio;
 *  2. latency at a fixed rate: events produced at RATE/s for SECONDS; event → alert committed
 *     (pe_alert.raised_at) p50/p99, against kafkajs produce → consume p50/p99 of the same events.
 * Usage: node -r @swc-node/register bench/policy-engine.ts   (needs .infra.env like the tests)
 * Tunables: BENCH_EVENTS (2000), BENCH_RATE (20), BENCH_SECONDS (15).
 * BENCH_MIX=1: the throughput phase reads a mix over four topics instead of household registrations
 * only: per BENCH_EVENTS households, their registrations, an income rise for a quarter of them (the
 * alert raised is expired), a case approval for another quarter (the alert is closed as enrolled),
 * and for a tenth the head's death (hub.person) and a payment dated after it (an audit finding);
 * ~1.7 events per household, the raw consumer reading the same four topics.
 * BENCH_MIX=all: that mix plus one department event per household, every other type the engine
 * reads in turn (bench/policy-events.ts departmentDefinitions: eldercare, child welfare, charity,
 * governance, the hub's other life events), so that every topic it reads carries events; ~2.7 events
 * per household. BENCH_REKEY=1 puts key rotations (`*.person.ref-rekeyed`) among those types.
 * BENCH_MIX=rotation: the four-topic mix, then a personRef key rotation: every person re-keyed by
 * social assistance and by the hub (4 re-keyings per household, ~70% of the events).
 * BENCH_REPLAY=1: after the throughput phase, the person view is rebuilt from offset 0 of every
 * consumed topic into an empty schema (replay/replay-view.ts, as `npm run replay:policy`); its
 * rate and whether its digest equals the live view's are reported.
 * BENCH_PROFILE=1 adds, for the throughput phase, SQL round trips per event and the time spent in
 * each kind of statement (pg client wrapped; the bench's own polling is left out), and the CPU time
 * per event of this process (engine and bench in one Node process) and of the PostgreSQL backends
 * that served its statements (read from /proc: the server runs on this host), so that statement
 * time spent waiting on locks can be told from time spent working.
 */
import '../libs/testing/src/load-infra-env';
import { HouseholdRegisteredV1 } from '@civic/contracts';
import { TopicProbe } from '@civic/messaging';
import { createServiceApp } from '@civic/platform';
import { freshSchema, freshTopics, produceRaw, waitFor, withClient } from '@civic/testing';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Client } from 'pg';
import { AppModule } from '../apps/policy-engine/src/app.module';
import { consumedTopics, policyEventsTransport } from '../apps/policy-engine/src/consumer/policy-events.transport';
import { PolicyEngineConfig } from '../apps/policy-engine/src/policy-engine.config';
import { viewDigest } from '../apps/policy-engine/src/person-view/view-digest';
import { procCpuMs } from './pairs/process-cpu';
import { household, mix, record } from './policy-events';
import { timedReplay } from './timed-replay';
import { analyzeSchema } from '../apps/policy-engine/src/replay/growing-table-stats';

const N = Number(process.env.BENCH_EVENTS ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const TOPIC = 'assistance.household';
const MIX = ['1', 'all', 'rotation'].includes(process.env.BENCH_MIX ?? '');
const ROTATION = process.env.BENCH_MIX === 'rotation';
const DEPARTMENTS = process.env.BENCH_MIX === 'all';
// BENCH_KEEP_SCHEMAS=1 leaves the live view and the rebuild to compare row by row
const KEEP_SCHEMAS = !!process.env.BENCH_KEEP_SCHEMAS;

// statement kind → [count, total ms]; the first words of the SQL name the kind
const profile = new Map<string, [number, number]>();
let profiling = false;
// backend pid → its CPU ms (user + system, /proc/<pid>/stat) at the engine's first inbox transaction
// or, for a backend first used later, at its first statement
const backends = new Map<number, number>();
let cpuFrom: NodeJS.CpuUsage | undefined;
const backendCpuMs = (pid: number) => {
  const ms = procCpuMs(pid);
  return Number.isNaN(ms) ? undefined : ms; // the backend is gone (or the server is not on this host)
};
if (process.env.BENCH_PROFILE) {
  const query = Client.prototype.query as (...a: unknown[]) => unknown;
  (Client.prototype as unknown as { query: unknown }).query = function (this: Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '');
    const result = query.apply(this, args);
    if (!profiling || text.includes('AS n FROM inbox_message') || !(result instanceof Promise)) return result;
    // CPU counts from the first inbox claim (as the sustained rate does): start-up and migrations are left out
    if (!cpuFrom && text.includes('FROM dead_letter_hold')) {
      cpuFrom = process.cpuUsage();
      for (const pid of backends.keys()) backends.set(pid, backendCpuMs(pid) ?? 0);
    }
    const pid = (this as unknown as { processID: number | null }).processID;
    const cpuAt = pid && !backends.has(pid) ? backendCpuMs(pid) : undefined;
    if (pid && cpuAt !== undefined) backends.set(pid, cpuAt);
    const kind = text.replace(/\s+/g, ' ').trim().slice(0, 60);
    const t0 = performance.now();
    return result.finally(() => {
      const e = profile.get(kind) ?? [0, 0];
      profile.set(kind, [e[0] + 1, e[1] + performance.now() - t0]);
    });
  };
}

/** The profiled statements per event of a phase of `events` events, slowest first. */
const statementsPer = (events: number) =>
  [...profile]
    .map(([kind, [n, ms]]) => ({
      kind,
      perEvent: Number((n / events).toFixed(2)),
      msPerEvent: Number((ms / events).toFixed(2)),
    }))
    .filter((k) => k.msPerEvent >= 0.05)
    .sort((a, b) => b.msPerEvent - a.msPerEvent);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function main(): Promise<void> {
  const [schema, topics] = await Promise.all([
    freshSchema('bench_pe'),
    freshTopics('bench-pe', [...consumedTopics(), 'policy.alert'], 3),
  ]);
  const topic = topics.topic(TOPIC);
  const env = {
    NODE_ENV: 'test',
    DATABASE_URL: process.env.DATABASE_URL as string,
    DATABASE_SCHEMA: schema.schema,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS as string,
    TOPIC_PREFIX: topics.prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'error',
    EVALUATION_WORKER: 'off',
  };
  try {
    // 1. throughput: half the households under the dibao standard (each raises alerts), half above
    const produced = MIX
      ? mix(topics, N, 0, { departments: DEPARTMENTS, rekeys: process.env.BENCH_REKEY === '1', rotation: ROTATION })
      : new Map([[topic, Array.from({ length: N }, (_, i) => record(topic, household(i, i % 2 ? 50000 : 300000)))]]);
    const EVENTS = [...produced.values()].reduce((a, b) => a + b.length, 0);
    for (const [t, batch] of produced)
      for (let i = 0; i < batch.length; i += 500) await produceRaw(t, batch.slice(i, i + 500));

    let t = Date.now();
    await Promise.all(
      [...produced].map(([physical, batch], i) =>
        new TopicProbe({ ...topics.connection, clientId: `bench-raw-${i}` }).collect(physical, {
          count: batch.length,
          timeoutMs: 600_000,
        }),
      ),
    );
    const rawSeconds = (Date.now() - t) / 1000;

    t = Date.now();
    profiling = true;
    const app = await createServiceApp(AppModule, {
      name: 'policy-engine',
      config: PolicyEngineConfig,
      env,
      transports: (a) => [policyEventsTransport(a)],
    });
    const count = (sql: string) => withClient(schema.url, async (c) => (await c.query(sql)).rows[0].n as number);
    await waitFor(
      'the engine to apply every event',
      async () => ((await count(`SELECT count(*)::int AS n FROM inbox_message`)) >= EVENTS ? true : undefined),
      1_200_000,
      200,
    );
    const engineSeconds = (Date.now() - t) / 1000;
    // the engine's wall time includes its start (migrations, one consumer group per topic joining);
    // the sustained rate counts from its first inbox transaction (processed_at is its start)
    const startedMs = await withClient(schema.url, async (c) =>
      Number(
        (await c.query(`SELECT (extract(epoch FROM min(processed_at)) * 1000)::bigint AS t FROM inbox_message`)).rows[0]
          .t,
      ),
    );
    const sustainedSeconds = (t + engineSeconds * 1000 - startedMs) / 1000;
    profiling = false;
    const perEvent = statementsPer(EVENTS);
    profile.clear();
    const cpu = process.cpuUsage(cpuFrom);
    const nodeCpuMs = (cpu.user + cpu.system) / 1000;
    const pgCpuMs = [...backends].reduce((a, [pid, before]) => a + ((backendCpuMs(pid) ?? before) - before), 0);
    const alerts = await count(`SELECT count(*)::int AS n FROM pe_alert`);
    let replay: object | undefined;
    if (process.env.BENCH_REPLAY === '1') {
      const live = await withClient(schema.url, (c) => viewDigest({ query: async (q) => (await c.query(q)).rows }));
      const target = `${schema.schema}_replay`;
      try {
        // as for the engine: the rate from the first inbox transaction, and with the set-up (schema, migrations, group joins)
        const r = await timedReplay(topics.connection, target, 1_800_000);
        replay = {
          events: r.events,
          eventsPerSecondAfterStart: Math.round(r.events / r.secondsAfterStart),
          seconds: r.durationMs / 1000,
          eventsPerSecond: Math.round(r.events / (r.durationMs / 1000)),
          sameDigestAsLive: r.digest === live.digest,
          // where the two views part: the tables whose dumps differ, with their row counts
          differingTables: Object.keys(live.tables)
            .filter((t) => live.tables[t] !== r.tables[t])
            .map((t) => `${t}: live ${live.rows[t]} rows, replay ${r.rows[t]}`),
          millionEventsMinutesAfterStart: Number((1_000_000 / (r.events / r.secondsAfterStart) / 60).toFixed(1)),
        };
      } finally {
        if (!KEEP_SCHEMAS)
          await withClient(process.env.DATABASE_URL as string, (c) =>
            c.query(`DROP SCHEMA IF EXISTS "${target}" CASCADE`),
          );
      }
    }
    const closed = await count(`SELECT count(*)::int AS n FROM pe_alert WHERE status IN ('expired', 'enrolled')`);
    const findings = await count(`SELECT count(*)::int AS n FROM pe_finding`);

    // production runs autovacuum, which analyses a table once 10% of it changed; this host's PostgreSQL
    // has it off (CI settings), so the view the throughput phase filled is analysed here as autovacuum
    // would have by then: without statistics every look-up by reference plans as a scan of its table
    await withClient(schema.url, (c) =>
      analyzeSchema(async (sql, params) => (await c.query(sql, params)).rows, schema.schema),
    );

    // 2. latency at a fixed rate: produce-time per household id, then alert commit time / raw receive time
    const sentAt = new Map<string, number>();
    const receivedAt = new Map<string, number>();
    const total = RATE * SECONDS;
    const probe = new TopicProbe({ ...topics.connection, clientId: 'bench-raw-latency' }).collect(topic, {
      until: (r) => {
        if (r.key?.startsWith('hh-lat-') && !receivedAt.has(r.key)) receivedAt.set(r.key, Date.now());
        return receivedAt.size >= total;
      },
      timeoutMs: 600_000,
    });
    // one connected producer: a connect per event (produceRaw) took this process's CPU from the engine
    // it shares the process with, and fell behind the schedule at 500/s
    const producer = await new TopicProbe({ ...topics.connection, clientId: 'bench-load' }).producer();
    const latencyCpuFrom = process.cpuUsage();
    // BENCH_PROFILE: the statements and the PostgreSQL CPU of this phase too
    const pgAtLatency = new Map([...backends].map(([pid]) => [pid, backendCpuMs(pid) ?? 0]));
    profiling = !!process.env.BENCH_PROFILE;
    const start = Date.now();
    const dueAt = (i: number) => start + (i * 1000) / RATE;
    for (let i = 0; i < total;) {
      if (dueAt(i) > Date.now()) await new Promise((r) => setTimeout(r, dueAt(i) - Date.now()));
      // every event due by now in one request: a send that took longer than the interval does not delay the schedule
      const batch: ReturnType<typeof record>[] = [];
      for (; i < total && dueAt(i) <= Date.now(); i++) {
        const p = { ...household(0, 50000), householdId: `hh-lat-${i}` };
        sentAt.set(p.householdId, Date.now());
        batch.push(record(topic, p));
      }
      await producer.send(topic, batch);
    }
    const lateMs = Date.now() - dueAt(total - 1);
    await producer.close();
    await probe;
    const rows = await waitFor(
      'every latency alert',
      async () => {
        const r = await withClient(
          schema.url,
          async (c) =>
            (
              await c.query(
                `SELECT household_id, (extract(epoch FROM raised_at) * 1000)::bigint AS at FROM pe_alert WHERE household_id LIKE 'hh-lat-%' AND rule_id = 'dibao-income-below-standard'`,
              )
            ).rows,
        );
        return r.length >= total ? r : undefined;
      },
      600_000,
      500,
    );
    const alertMs = rows.map((r) => Number(r.at) - (sentAt.get(r.household_id) ?? 0));
    const latencyCpu = process.cpuUsage(latencyCpuFrom);
    profiling = false;
    const latencyStatements = statementsPer(total);
    const latencyPgCpuMs = [...backends].reduce(
      (a, [pid, first]) => a + ((backendCpuMs(pid) ?? 0) - (pgAtLatency.get(pid) ?? first)),
      0,
    );
    // the engine's runs over the phase: a run is one transaction of one partition (processed_at is its start)
    const [runs] = await withClient(
      schema.url,
      async (c) =>
        (
          await c.query(
            `SELECT count(*)::int AS events, count(DISTINCT (kafka_partition, processed_at))::int AS runs
               FROM inbox_message WHERE event_type = $1 AND processed_at >= to_timestamp($2 / 1000.0)`,
            [HouseholdRegisteredV1.type, start],
          )
        ).rows,
    );
    const rawMs = [...receivedAt].map(([k, at]) => at - (sentAt.get(k) ?? 0));
    await app.close();

    const out = {
      date: new Date().toISOString().slice(0, 10),
      cpus: cpus().length,
      node: process.version,
      throughput: {
        mix: MIX ? [...produced].map(([k, v]) => `${k.slice(topics.prefix.length)}:${v.length}`) : [TOPIC],
        events: EVENTS,
        alerts,
        closed,
        findings,
        rawEventsPerSecond: Math.round(EVENTS / rawSeconds),
        engineEventsPerSecond: Math.round(EVENTS / engineSeconds),
        engineStartSeconds: Number((engineSeconds - sustainedSeconds).toFixed(1)),
        engineEventsPerSecondAfterStart: Math.round(EVENTS / sustainedSeconds),
        ratioAfterStart: Number((rawSeconds / sustainedSeconds).toFixed(3)),
        ratio: Number((rawSeconds / engineSeconds).toFixed(3)),
      },
      latency: {
        rate: RATE,
        events: total,
        alertP50Ms: pct(alertMs, 50),
        alertP99Ms: pct(alertMs, 99),
        rawP50Ms: pct(rawMs, 50),
        rawP99Ms: pct(rawMs, 99),
        // how far the last send was behind its schedule: the load generator's own lag
        producerLateMs: lateMs,
        engineRuns: runs.runs,
        eventsPerRun: Number((runs.events / Math.max(1, runs.runs)).toFixed(1)),
        // this process (engine, relay and the load generator) over the phase, per event sent
        nodeCpuMsPerEvent: Number(((latencyCpu.user + latencyCpu.system) / 1000 / total).toFixed(2)),
      },
    };
    const profiled = process.env.BENCH_PROFILE
      ? {
          profile: {
            queriesPerEvent: Number(perEvent.reduce((a, k) => a + k.perEvent, 0).toFixed(1)),
            // CPU per event from the first inbox transaction to the last event
            nodeCpuMsPerEvent: Number((nodeCpuMs / EVENTS).toFixed(2)),
            postgresCpuMsPerEvent: Number((pgCpuMs / EVENTS).toFixed(2)),
            postgresBackends: backends.size,
            sqlMsPerEvent: Number(perEvent.reduce((a, k) => a + k.msPerEvent, 0).toFixed(1)),
            byStatement: perEvent,
          },
          latencyProfile: {
            postgresCpuMsPerEvent: Number((latencyPgCpuMs / total).toFixed(2)),
            sqlMsPerEvent: Number(latencyStatements.reduce((a, k) => a + k.msPerEvent, 0).toFixed(1)),
            byStatement: latencyStatements,
          },
        }
      : {};
    process.stdout.write(`${JSON.stringify({ ...out, ...(replay ? { replay } : {}), ...profiled }, null, 2)}\n`);
  } finally {
    if (KEEP_SCHEMAS) console.error(`kept schemas ${schema.schema} and ${schema.schema}_replay`);
    await Promise.all([KEEP_SCHEMAS ? undefined : schema.drop(), topics.drop()]);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
