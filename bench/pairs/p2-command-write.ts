import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { freePort } from '@civic/testing';
import { randomUUID } from 'node:crypto';
import { ServiceProcess } from '../../faults/harness/service-process';
import { fixtureTarget } from '../../faults/harness/fixture-target';
import { median, PairResult, percentile, Sample } from '../bench-stats';
import { BenchEnv } from './bench-env';
import { ProcessCpu } from './process-cpu';

/**
 * P2: POST that saves a state row and its outbox row (the fault-suite fixture, a NestJS service
 * built like a department service: HTTP, validation, one TypeORM transaction, Outbox.append) vs
 * the same two inserts in one transaction with raw `pg`. Both closed-loop with the same
 * concurrency and the same pool size; the relay is off so only the command path is measured
 * (BENCH_P2_RELAY=1: on, as in a deployed service).
 */
export async function p2CommandWrite(env: BenchEnv): Promise<PairResult> {
  const result: PairResult = {
    id: 'P2',
    title: 'command: state row + outbox row',
    project: 'POST through the fixture service (Nest, TypeORM, Outbox)',
    baseline: 'the same two INSERTs in one transaction with raw pg',
    kind: 'throughput',
    rounds: [],
    notes: [],
  };
  // wrk is a measuring tool, not a dependency: without it P2 is reported missing and the other pairs run
  if (spawnSync('wrk', ['--version']).error)
    throw new Error('wrk is not installed (Debian: apt-get install wrk); P2 drives the service with it');
  const s = await env.schema('p2');
  // a fixed port collided with another run of this bench on the shared host
  const port = await freePort();
  const svc = new ServiceProcess(
    'p2-service',
    fixtureTarget.args,
    fixtureTarget.env({
      databaseUrl: env.databaseUrl,
      schema: s.schema,
      brokers: env.brokers,
      topicPrefix: s.topicPrefix,
      port,
      // BENCH_P2_RELAY=1 runs the relay in the service as a department service does (its commits then wake
      // it in-process instead of with pg_notify, docs/adr/0020-in-process-relay-wake.md); off by default, as before
      relay: process.env.BENCH_P2_RELAY === '1',
      consumer: false,
      extra: {
        DATABASE_POOL_SIZE: String(env.pool),
        // only when asked: an empty value would drop NODE_OPTIONS the service inherits
        ...(process.env.BENCH_P2_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_P2_NODE_OPTIONS } : {}),
      },
    }),
    port,
  );
  const pool = new Pool({ connectionString: s.url, max: env.pool });
  const cpus: ProcessCpu[] = [];
  try {
    await svc.ready;
    // CPU per command beside the rate (wall time on the shared host swings 2-3x): the service process
    // and its PostgreSQL backends against this process (the baseline's workers) and its backends;
    // wrk's own CPU is not counted, the baseline's closed loop is (a few µs per command)
    const svcCpu = ProcessCpu.of(svc.proc.pid!, env.databaseUrl);
    const ownCpu = ProcessCpu.of(process.pid, env.databaseUrl);
    cpus.push(svcCpu, ownCpu);
    const withCpu = (cpu: ProcessCpu, f: () => Promise<Sample & { ops: number }>) => async (): Promise<CpuSample> => {
      const from = await cpu.mark();
      const { ops, ...sample } = await f();
      const used = await cpu.since(from);
      return { ...sample, cpuUsPerOp: { process: (1000 * used.process) / ops, pg: (1000 * used.pg) / ops } };
    };
    // wrk as the HTTP client (as P1): a Node client in this process was itself the bottleneck
    const project = withCpu(svcCpu, async () => wrkPost(svc.url, env.concurrency, env.seconds));
    const payload = JSON.stringify({
      specversion: '1.0',
      id: randomUUID(),
      type: 'faults.counter.incremented',
      source: '/civic/bench',
      subject: 'k',
      datacontenttype: 'application/json',
      dataversion: 1,
      data: { counterId: 'k', seq: 1 },
    });
    const baseline = withCpu(ownCpu, () =>
      closedLoop(env.concurrency, env.seconds, async (i) => {
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          const { rows } = await c.query(
            `INSERT INTO fault_counter (counter_id, seq) VALUES ($1, 1) ON CONFLICT (counter_id) DO UPDATE SET seq = fault_counter.seq + 1 RETURNING seq`,
            [`r${i % 1000}`],
          );
          await c.query(
            `INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers) VALUES ($1, $2, $3, $4, $5, $6::jsonb)`,
            [
              randomUUID(),
              'faults.counter',
              `r${i % 1000}`,
              'faults.counter.incremented',
              payload.replace('"seq":1', `"seq":${rows[0].seq}`),
              '{"ce_type":"faults.counter.incremented"}',
            ],
          );
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      }),
    );
    await project();
    await baseline(); // warm-up (the first round of each also warms the pool and the JIT)
    for (let r = 0; r < env.rounds; r++) {
      const order = r % 2 ? [baseline, project] : [project, baseline];
      const got = new Map<unknown, CpuSample>();
      for (const f of order) got.set(f, await f());
      result.rounds.push({ project: got.get(project)!, baseline: got.get(baseline)! });
      const cpu = (x: CpuSample) =>
        `CPU ${x.cpuUsPerOp.process.toFixed(0)} + pg ${x.cpuUsPerOp.pg.toFixed(0)} µs/command`;
      env.log(
        `P2 round ${r + 1} (load ${loadavg()[0].toFixed(2)}): project ${got.get(project)!.perSec!.toFixed(0)}/s ${cpu(got.get(project)!)}, baseline ${got.get(baseline)!.perSec!.toFixed(0)}/s ${cpu(got.get(baseline)!)}`,
      );
    }
    result.notes.push(
      `${env.concurrency} concurrent clients, pool ${env.pool}, ${env.seconds} s per round; the project side is driven by wrk over loopback (HTTP included), the baseline by the same number of workers in the bench process`,
      `CPU per command (median of rounds): project ${cpuMedian(result, 'project')}, baseline ${cpuMedian(result, 'baseline')} (the service process, all threads, with its PostgreSQL backends; the baseline: the bench process with its backends; wrk not counted)`,
    );
  } finally {
    await svc.kill('SIGTERM');
    await Promise.all(cpus.map((c) => c.end()));
    await pool.end();
    await s.drop();
  }
  return result;
}

/** A round's sample with the CPU µs per command of the serving process and of its PostgreSQL backends. */
type CpuSample = Sample & { cpuUsPerOp: { process: number; pg: number } };

function cpuMedian(r: PairResult, side: 'project' | 'baseline'): string {
  const m = (k: 'process' | 'pg') => median(r.rounds.map((x) => (x[side] as CpuSample).cpuUsPerOp[k]));
  return `${m('process').toFixed(0)} + ${m('pg').toFixed(0)} µs`;
}

/** Runs `op` from `concurrency` workers for `seconds`; ops per second and latency percentiles. */
export async function closedLoop(
  concurrency: number,
  seconds: number,
  op: (i: number) => Promise<void>,
): Promise<Sample & { ops: number }> {
  const lat: number[] = [];
  const end = Date.now() + seconds * 1000;
  let i = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (Date.now() < end) {
        const s = performance.now();
        await op(i++);
        lat.push(performance.now() - s);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  return { perSec: lat.length / elapsed, p50Ms: percentile(lat, 50), p99Ms: percentile(lat, 99), ops: lat.length };
}

/** POSTs an increment of a random counter with wrk for `seconds`; req/s and p50/p99, refusing non-2xx answers. */
function wrkPost(url: string, connections: number, seconds: number): Sample & { ops: number } {
  const script = join(mkdtempSync(join(tmpdir(), 'bench-p2-')), 'post.lua');
  writeFileSync(
    script,
    'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = "{}"\nrequest = function() return wrk.format(nil, "/api/v1/counters/k" .. math.random(1, 1000) .. "/increments") end\n',
  );
  const out = execFileSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script, url], {
    encoding: 'utf8',
  });
  // a non-2xx answer is a failed command; a client-side timeout on this loaded machine is only slow
  if (/Non-2xx or 3xx responses|Socket errors: connect [1-9]|read [1-9]|write [1-9]/.test(out))
    throw new Error(`P2: errors under load\n${out}`);
  const ms = (p: number) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(out);
    if (!m) throw new Error(`no ${p}% line in wrk output:\n${out}`);
    return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[m[2]];
  };
  return {
    perSec: Number(/^Requests\/sec:\s+([\d.]+)/m.exec(out)![1]),
    p50Ms: ms(50),
    p99Ms: ms(99),
    ops: Number(/(\d+) requests in/.exec(out)![1]),
  };
}
