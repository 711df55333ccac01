/**
 * Eldercare at scale (docs/benchmarks.md "Eldercare: visit tasks and allowance run over 500,000 elders"):
 *
 * 1. runs: the month's visit-task generation (VisitsService.generateTasks) and the allowance run
 *    (AllowancePaymentsService.start on libs/monthly-run) over N elders, each against PostgreSQL COPY of
 *    the very rows the service wrote, into the same table (truncated first), in the same run. Every
 *    elder lives alone (so needs a monthly visit) and has a high-age grant with its stored decision.
 *    Where the time goes: every SQL statement the service sends is timed on the client (pg Client.query
 *    wrapped while the service runs), grouped by statement; the rest of the wall time is Node.
 * 2. alarms: alarm intake (POST /api/v1/devices/{id}/alarms) of the real service process at a fixed
 *    rate, open loop (latency measured from each request's scheduled send time, so a stall is not hidden),
 *    keep-alive connections; beside the same load on the same process's bare route GET /health/live.
 *
 * Usage: npm run bench:eldercare [-- --only=runs|alarms] [-- --append]   (--append writes docs/benchmarks.md)
 * Tunables: BENCH_ELDERS (500000), BENCH_ALARM_RATE (1000/s), BENCH_ALARM_SECONDS (15), BENCH_DEVICES (2000);
 * BENCH_CPU_PROF=1 profiles the service process (bench/cpu-profile.preload.js) and prints its self time by package.
 */
import 'reflect-metadata';
import { ALARM_KINDS } from '@civic/contracts';
import { messagingEntities, Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock } from '@civic/platform';
import { databaseUrlFromInfraEnv, freshTopics, startServiceProcess } from '@civic/testing';
import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { Agent, request } from 'node:http';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { tokenHash } from '../src/alarms/device-credentials';
import { ElderParameters } from '../src/parameters/elder-parameters';
import { AllowancePaymentsService } from '../src/payments/allowance-payments.service';
import { ELDERCARE_TOPICS } from '../src/persistence/eldercare-topics';
import { VisitsService } from '../src/visits/visits.service';
import { ELDERCARE_MIGRATIONS } from '../src/eldercare.migrations';

const ELDERS = Number(process.env.BENCH_ELDERS ?? 500_000);
const RATE = Number(process.env.BENCH_ALARM_RATE ?? 1000);
const SECONDS = Number(process.env.BENCH_ALARM_SECONDS ?? 15);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 2000);
const MONTH = '2025-07';
const TODAY = '2025-07-01';
const TOWNS = ['442000100', '442000101', '442000102', '442000103', '442000104'];
const root = resolve(__dirname, '..', '..', '..');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

/** A clock fixed on the run's business day (the service code takes time only from its Clock). */
class FixedClock extends Clock {
  now(): Date {
    return new Date(`${TODAY}T10:00:00+08:00`);
  }
}

// ---- where the time goes: every statement the service sends, timed on the client ----------------------

interface StatementStats {
  calls: number;
  ms: number;
}
const statements = new Map<string, StatementStats>();
let tracing = false;
const statementKey = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 70);

function traceQueries(): void {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string })?.text;
    if (!tracing || typeof text !== 'string') return original.apply(this, args);
    const start = process.hrtime.bigint();
    const done = () => {
      const s = statements.get(statementKey(text)) ?? { calls: 0, ms: 0 };
      s.calls++;
      s.ms += Number(process.hrtime.bigint() - start) / 1e6;
      statements.set(statementKey(text), s);
    };
    const cb = args.findIndex((a) => typeof a === 'function');
    if (cb >= 0) {
      const user = args[cb] as (...r: unknown[]) => void;
      args[cb] = (...r: unknown[]) => {
        done();
        user(...r);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args) as Promise<unknown> | undefined;
    if (result && typeof result.then === 'function') result.then(done, done);
    return result;
  };
}

async function traced<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; stats: Map<string, StatementStats> }> {
  statements.clear();
  tracing = true;
  const start = process.hrtime.bigint();
  try {
    const value = await fn();
    return { value, ms: Number(process.hrtime.bigint() - start) / 1e6, stats: new Map(statements) };
  } finally {
    tracing = false;
  }
}

function whereTimeGoes(ms: number, stats: Map<string, StatementStats>): string[] {
  const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const sqlMs = rows.reduce((s, [, v]) => s + v.ms, 0);
  const calls = rows.reduce((s, [, v]) => s + v.calls, 0);
  return [
    `${calls} SQL round trips, ${sqlMs.toFixed(0)} ms waiting on PostgreSQL (${((100 * sqlMs) / ms).toFixed(0)}% of the wall time), the rest in Node:`,
    '',
    '| statement (first 70 characters) | calls | ms |',
    '|---|---:|---:|',
    ...rows.slice(0, 6).map(([k, v]) => `| \`${k.replace(/\|/g, '\\|')}\` | ${v.calls} | ${v.ms.toFixed(0)} |`),
    '',
  ];
}

// ---- 1. visit tasks and allowance run against COPY ------------------------------------------------------

async function seed(c: Client): Promise<void> {
  await c.query(`INSERT INTO elder (elder_id, person_ref, id_number_encrypted, masked_id, birth_date, sex, town, village,
      living_situation, economic_status, registered_on, registered_by)
    SELECT 'elder-' || lpad(i::text, 8, '0'), 'bench:e' || lpad(i::text, 43, '0'), 'not-a-real-id', '442000********000X',
           '1940-03-01', 'female', (ARRAY['${TOWNS.join("','")}'])[1 + i % ${TOWNS.length}], '442000100001',
           '{alone}', 'none', '2024-01-01', 'bench'
      FROM generate_series(1, ${ELDERS}) AS i`);
  await c.query(`INSERT INTO allowance_grant (grant_id, elder_id, allowance, monthly_amount_fen, effective_from, parameter_key, basis, granted_by)
    SELECT 'eg-' || elder_id, elder_id, 'high-age', 10000, '2024-01-01', 'elder.high_age_allowance.age_80', 'Age band 80+ (bench).', 'bench'
      FROM elder`);
  await c.query(`INSERT INTO allowance_decision (grant_id, effective_from, monthly_amount_fen, parameter_key, parameter_from, basis, decided_on)
    SELECT grant_id, effective_from, monthly_amount_fen, parameter_key, '2018-01-01', basis, effective_from FROM allowance_grant`);
  await c.query('ANALYZE');
}

/** Dumps the rows of `sql` to a file (the outbox rows of 500,000 payments do not fit in one string). */
async function dump(c: Client, sql: string): Promise<string> {
  const file = join(tmpdir(), `bench-ec-${randomBytes(4).toString('hex')}.tsv`);
  await pipeline(c.query(copyTo(`COPY (${sql}) TO STDOUT`)), createWriteStream(file));
  return file;
}

/** COPY of dumped files into their tables in one transaction: the baseline's time. */
async function copyIn(c: Client, loads: [string, string][]): Promise<number> {
  const start = process.hrtime.bigint();
  await c.query('BEGIN');
  for (const [target, file] of loads)
    await pipeline(createReadStream(file), c.query(copyFrom(`COPY ${target} FROM STDIN`)));
  await c.query('COMMIT');
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const TASK_COLS = 'task_id, elder_id, month, town, assigned_to, due_on, status, overdue_raised_on, closed_reason';
const PAY_COLS =
  'payment_id, run_id, elder_id, month, person_ref, programme, town, amount_fen, kind, status, issued_on, issued_by, confirmed_on, stopped_on, stop_reason, flagged_after_death';
const OUTBOX_COLS = 'id, event_id, topic, message_key, event_type, payload, headers, created_at';

async function runs(): Promise<string[]> {
  const base = databaseUrlFromInfraEnv();
  const schema = `bench_ec_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const ds = new DataSource({
    type: 'postgres',
    url: url.toString(),
    schema,
    entities: [...messagingEntities],
    migrations: ELDERCARE_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    logging: false,
  });
  const c = new Client({ connectionString: url.toString() });
  try {
    await ds.initialize();
    await c.connect();
    const t0 = Date.now();
    console.log(`seeding ${ELDERS} elders with a high-age grant in schema ${schema} ...`);
    await seed(c);
    console.log(`seeded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const clock = new FixedClock();
    const outbox = new Outbox();
    const params = new ElderParameters();
    const visits = new VisitsService(ds, outbox, params, clock);
    const payments = new AllowancePaymentsService(ds, outbox, clock);
    const disburser: AuthenticatedUser = {
      sub: 'bench-disburser',
      roles: ['eldercare:disburser'],
    } as AuthenticatedUser;

    // visit tasks: the service, then COPY of the rows it wrote
    const gen = await traced(() => visits.generateTasks(MONTH, TODAY));
    if (gen.value !== ELDERS) throw new Error(`generateTasks created ${gen.value}, expected ${ELDERS}`);
    console.log(`visit tasks: service ${gen.ms.toFixed(0)} ms`);
    const tasks = await dump(c, `SELECT ${TASK_COLS} FROM visit_task`);
    await c.query('TRUNCATE visit_task');
    await c.query('VACUUM ANALYZE visit_task');
    const taskCopyMs = await copyIn(c, [[`visit_task (${TASK_COLS})`, tasks]]);
    console.log(`visit tasks: COPY ${taskCopyMs.toFixed(0)} ms`);

    // allowance run: the service, then COPY of its payments (and of its payments with their outbox rows)
    const runTraced = await traced(() => payments.start(MONTH, disburser));
    if (runTraced.value.created !== ELDERS)
      throw new Error(`the run created ${runTraced.value.created}, expected ${ELDERS}`);
    console.log(`allowance run: service ${runTraced.ms.toFixed(0)} ms`);
    const pays = await dump(c, `SELECT ${PAY_COLS} FROM allowance_payment`);
    const events = await dump(
      c,
      `SELECT ${OUTBOX_COLS} FROM outbox_message WHERE event_type = 'eldercare.payment.issued'`,
    );
    await c.query('TRUNCATE allowance_payment, outbox_message, outbox_pending');
    await c.query('VACUUM ANALYZE allowance_payment');
    const payCopyMs = await copyIn(c, [[`allowance_payment (${PAY_COLS})`, pays]]);
    await c.query('TRUNCATE allowance_payment');
    await c.query('VACUUM ANALYZE allowance_payment');
    const payOutboxCopyMs = await copyIn(c, [
      [`allowance_payment (${PAY_COLS})`, pays],
      [`outbox_message (${OUTBOX_COLS})`, events],
    ]);
    console.log(`allowance run: COPY ${payCopyMs.toFixed(0)} ms, with outbox rows ${payOutboxCopyMs.toFixed(0)} ms`);
    for (const file of [tasks, pays, events]) rmSync(file, { force: true });

    const perSec = (ms: number) => Math.round(ELDERS / (ms / 1000)).toLocaleString('en');
    return [
      `${ELDERS.toLocaleString('en')} elders, all living alone with a high-age grant; month ${MONTH}; one round (service first, then COPY of the rows it wrote, same table truncated).`,
      '',
      '| variant | ms | rows/s | vs COPY |',
      '|---|---:|---:|---:|',
      `| visit-task generation (\`VisitsService.generateTasks\`) | ${gen.ms.toFixed(0)} | ${perSec(gen.ms)} | ${(gen.ms / taskCopyMs).toFixed(1)} |`,
      `| COPY of the same visit_task rows | ${taskCopyMs.toFixed(0)} | ${perSec(taskCopyMs)} | 1.0 |`,
      `| allowance run (\`AllowancePaymentsService.start\`, payments + one outbox row each) | ${runTraced.ms.toFixed(0)} | ${perSec(runTraced.ms)} | ${(runTraced.ms / payCopyMs).toFixed(1)} (${(runTraced.ms / payOutboxCopyMs).toFixed(1)} vs COPY with outbox) |`,
      `| COPY of the same allowance_payment rows | ${payCopyMs.toFixed(0)} | ${perSec(payCopyMs)} | 1.0 |`,
      `| COPY of the same payment rows and their outbox rows | ${payOutboxCopyMs.toFixed(0)} | ${perSec(payOutboxCopyMs)} | |`,
      '',
      'Visit-task generation: ' + whereTimeGoes(gen.ms, gen.stats).join('\n'),
      'Allowance run: ' + whereTimeGoes(runTraced.ms, runTraced.stats).join('\n'),
    ];
  } finally {
    await c.end().catch(() => undefined);
    await ds.destroy().catch(() => undefined);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

// ---- 2. alarm intake at a fixed rate ---------------------------------------------------------------

interface LoadResult {
  sent: number;
  ok: number;
  failed: number;
  merged: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  achieved: number;
}

const quantile = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** Sends `rate` requests a second for `seconds`, open loop; latency from each request's scheduled time. */
async function load(
  baseUrl: string,
  next: (i: number) => { method: string; path: string; headers: Record<string, string>; body?: string },
  rate: number,
  seconds: number,
): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const { hostname, port } = new URL(baseUrl);
  const total = rate * seconds;
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  let merged = 0;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const req = next(i);
    inflight.push(
      new Promise<void>((done) => {
        const r = request(
          { agent, hostname, port, method: req.method, path: req.path, headers: req.headers },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (d: Buffer) => chunks.push(d));
            res.on('end', () => {
              latencies.push(performance.now() - due);
              if (res.statusCode && res.statusCode < 300) {
                ok++;
                if (Buffer.concat(chunks).includes('"merged":true')) merged++;
              } else failed++;
              done();
            });
          },
        );
        r.on('error', () => {
          failed++;
          done();
        });
        if (req.body) r.write(req.body);
        r.end();
      }),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    sent: total,
    ok,
    failed,
    merged,
    p50: quantile(latencies, 0.5),
    p95: quantile(latencies, 0.95),
    p99: quantile(latencies, 0.99),
    max: latencies[latencies.length - 1],
    achieved: total / elapsed,
  };
}

const profileDir = process.env.BENCH_CPU_PROF ? mkdtempSync(join(tmpdir(), 'bench-ec-prof-')) : undefined;

/** Self time of the profiled service process by where the code lives (a package of node_modules, or the repo). */
function profileSummary(dir: string): string[] {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (!files.length) return ['(no CPU profile was written)'];
  const byPlace = new Map<string, number>();
  let total = 0;
  for (const f of files) {
    const prof = JSON.parse(readFileSync(join(dir, f), 'utf8')) as {
      nodes: { id: number; callFrame: { url: string; functionName: string } }[];
      samples: number[];
      timeDeltas: number[];
    };
    const place = new Map(
      prof.nodes.map((n) => {
        const url = n.callFrame.url;
        const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
        const where =
          pkg ??
          (url.includes('/libs/')
            ? 'libs (repo)'
            : url.includes('/apps/')
              ? 'apps (repo)'
              : url.startsWith('node:')
                ? 'node core'
                : n.callFrame.functionName === '(garbage collector)'
                  ? 'GC'
                  : n.callFrame.functionName === '(program)'
                    ? 'V8 and native code outside JS ((program))'
                    : n.callFrame.functionName === '(idle)'
                      ? 'idle'
                      : 'other (native, program)');
        return [n.id, where];
      }),
    );
    prof.samples.forEach((id, i) => {
      const where = place.get(id) ?? 'other';
      const us = prof.timeDeltas[i] ?? 0;
      byPlace.set(where, (byPlace.get(where) ?? 0) + us);
      total += us;
    });
  }
  const busy = total - (byPlace.get('idle') ?? 0);
  return [
    `Service process CPU profile over the alarm load only (inspector profiler): ${(busy / 1e6).toFixed(1)} s busy of ${(total / 1e6).toFixed(1)} s; self time by place:`,
    '',
    '| place | share of busy time |',
    '|---|---:|',
    ...[...byPlace.entries()]
      .filter(([k]) => k !== 'idle')
      .sort((a, b) => b[1] - a[1])
      .slice(0, 10)
      .map(([k, v]) => `| ${k} | ${((100 * v) / busy).toFixed(0)}% |`),
    '',
  ];
}

async function alarms(): Promise<string[]> {
  const topics = await freshTopics('bench-ec', [...ELDERCARE_TOPICS]);
  const service = await startServiceProcess({
    app: 'eldercare',
    schemaPrefix: 'bench_ec_alarm',
    topicPrefix: topics.prefix,
    jwtSecret: randomBytes(32).toString('hex'),
    env: {
      DAILY_RUN_INTERVAL_MS: '0',
      ALARM_SCAN_INTERVAL_MS: '0',
      ...(profileDir
        ? { NODE_OPTIONS: `--require ${join(__dirname, 'cpu-profile.preload.js')}`, BENCH_CPU_PROF_DIR: profileDir }
        : {}),
    },
  });
  const db = new Client({ connectionString: service.schema.url });
  try {
    await db.connect();
    // devices seeded directly (their elders need no ID here): the token is stored hashed, as the service does
    const tokens = Array.from({ length: DEVICES }, (_, i) => `bench-token-${i}-${randomBytes(8).toString('hex')}`);
    await db.query(`INSERT INTO elder (elder_id, person_ref, id_number_encrypted, masked_id, birth_date, sex, town, village,
        living_situation, economic_status, registered_on, registered_by)
      SELECT 'elder-' || i, 'bench:e' || lpad(i::text, 43, '0'), 'not-a-real-id', '442000********000X', '1940-03-01', 'male',
             '442000100', '442000100001', '{alone}', 'none', '2024-01-01', 'bench' FROM generate_series(0, ${DEVICES - 1}) AS i`);
    await db.query(
      `INSERT INTO alarm_device (device_id, elder_id, token_hash, registered_by)
       SELECT 'dev-' || i, 'elder-' || i, h, 'bench' FROM unnest($1::text[]) WITH ORDINALITY AS u(h, n), LATERAL (SELECT (n - 1)::int AS i) x`,
      [tokens.map(tokenHash)],
    );
    const raisedAt = new Date().toISOString();
    const alarm = (i: number) => {
      const d = i % DEVICES;
      const kind = ALARM_KINDS[Math.floor(i / DEVICES) % ALARM_KINDS.length];
      const body = JSON.stringify({ kind, raisedAt });
      return {
        method: 'POST',
        path: `/api/v1/devices/dev-${d}/alarms`,
        headers: {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(body)),
          'x-device-token': tokens[d],
        },
        body,
      };
    };
    const bare = () => ({ method: 'GET', path: '/health/live', headers: {} });
    // warm-up: a second of each at a tenth of the rate
    await load(service.baseUrl, bare, Math.ceil(RATE / 10), 1);
    await load(service.baseUrl, (i) => alarm(DEVICES * ALARM_KINDS.length - 1 - i), Math.ceil(RATE / 10), 1);
    await db.query('TRUNCATE alarm');
    const before = loadavg()[0];
    const bareResult = await load(service.baseUrl, bare, RATE, SECONDS);
    if (profileDir) await signalServiceProfile(service.schema.schema, profileDir, false);
    const alarmResult = await load(service.baseUrl, alarm, RATE, SECONDS);
    const after = loadavg()[0];
    const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM alarm`)).rows;
    if (profileDir) await signalServiceProfile(service.schema.schema, profileDir, true);
    const fmt = (r: LoadResult) =>
      `${r.sent} | ${r.ok} | ${r.failed} | ${r.achieved.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.max.toFixed(1)}`;
    return [
      `${RATE} requests/s for ${SECONDS} s each, open loop, keep-alive (Node http.Agent, up to 256 sockets), one eldercare process (NODE_ENV=test as the e2e suites run it, outbox relay on); ${DEVICES} devices × ${ALARM_KINDS.length} kinds in turn, so ${Math.min(DEVICES * ALARM_KINDS.length, RATE * SECONDS)} distinct open alarms (${n} stored, ${alarmResult.merged} requests merged into an open alarm). 1-minute load average ${before.toFixed(2)} before, ${after.toFixed(2)} after.`,
      '',
      '| route | sent | 2xx | failed | achieved/s | p50 ms | p95 ms | p99 ms | max ms |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
      `| GET /health/live (bare route, same process) | ${fmt(bareResult)} |`,
      `| POST /api/v1/devices/{id}/alarms | ${fmt(alarmResult)} |`,
      '',
    ];
  } finally {
    await db.end().catch(() => undefined);
    await service.stop();
    await topics.drop().catch(() => undefined);
  }
}

/** Signals the service process (found by its schema in /proc): the first call starts its profiler, the second writes the profile. */
async function signalServiceProfile(schema: string, dir: string, write: boolean): Promise<void> {
  const pid = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .find((d) => {
      try {
        return readFileSync(`/proc/${d}/environ`, 'utf8').split('\0').includes(`DATABASE_SCHEMA=${schema}`);
      } catch {
        return false;
      }
    });
  if (!pid) return;
  process.kill(Number(pid), 'SIGUSR2');
  if (!write) return;
  for (let i = 0; i < 100 && !readdirSync(dir).some((f) => f.endsWith('.cpuprofile')); i++)
    await new Promise((r) => setTimeout(r, 200));
}

async function alarmsWithProfile(): Promise<string[]> {
  const lines = await alarms();
  return profileDir ? [...lines, ...profileSummary(profileDir)] : lines;
}

async function main(): Promise<void> {
  traceQueries();
  const header = `### ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, shared machine, 1-minute load average ${loadavg()[0].toFixed(2)} at start`;
  const parts: string[] = [header, ''];
  if (only !== 'alarms') {
    parts.push('#### Visit tasks and allowance run', '', ...(await runs()));
    console.log(parts.join('\n'));
  }
  if (only !== 'runs') parts.push('#### Alarm intake', '', ...(await alarmsWithProfile()));
  const markdown = parts.join('\n');
  console.log(`\n${markdown}`);
  if (process.argv.includes('--append')) {
    const file = join(root, 'docs/benchmarks.md');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    writeFileSync(file, `${text.trimEnd()}\n\n${markdown}\n`);
    console.log(`appended to ${file}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
