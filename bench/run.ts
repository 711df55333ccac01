/**
 * Every benchmark pair of docs/reliability.md that exists, each project path beside its raw baseline
 * in the same run, warm-up first, rounds interleaved; prints one table and writes it with the
 * machine's core count and the date to docs/benchmarks.md.
 * Usage: npm run bench [-- --only P2,P5] [--no-write]
 * Tunables: BENCH_ROUNDS (3), BENCH_SECONDS (5), BENCH_CONCURRENCY (16), BENCH_POOL (8),
 * BENCH_P4_EVENTS (5000), BENCH_P5_RATE (50), BENCH_P5_BACKLOG (6000), BENCH_P5C_RECORDS (6000);
 * the child benchmarks (P1, P3, P6, P7) get BENCH_ROUNDS and their own defaults below.
 * BENCH_P2_RELAY=1 runs P2's service with its relay; BENCH_P2_NODE_OPTIONS is passed to that service
 * as NODE_OPTIONS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/p2" profiles it, written when it stops).
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadInfraEnv } from '@civic/testing';
import { median, PairResult } from './bench-stats';
import { benchSchemaFactory, BenchEnv } from './pairs/bench-env';
import { consumerApply } from './pairs/consumer-apply';
import { p2CommandWrite } from './pairs/p2-command-write';
import { p4RelayPublish } from './pairs/p4-relay-publish';
import { p5EventLatency } from './pairs/p5-event-latency';

const root = join(__dirname, '..');
const MARKER = '<!-- bench:all results go above this line -->';
const num = (name: string, dflt: number) => Number(process.env[name] ?? dflt);
const P7_CASES = num('BENCH_P7_CASES', 20_000);

/** Benchmarks of other paths that live in their own script; run as children, their section kept verbatim. */
const CHILDREN: {
  id: string;
  title: string;
  script: string;
  env: Record<string, string>;
  ratio: (out: string) => { project: number; baseline: number }[];
}[] = [
  {
    id: 'P1',
    title: 'Nest REST endpoint (Fastify adapter) vs bare Fastify, req/s',
    script: 'bench/http-adapter.ts',
    env: { BENCH_SECONDS: process.env.BENCH_P1_SECONDS ?? '5', BENCH_WARMUP_SECONDS: '2' },
    // the child's table rows: | GET | nest-fastify | req/s | p50 | p99 | ratio |
    ratio: (out) =>
      ['GET', 'POST'].map((e) => ({ project: rowOf(out, e, 'nest-fastify'), baseline: rowOf(out, e, 'fastify') })),
  },
  {
    id: 'P3',
    title: 'hub bulk CSV import vs COPY of the same file, rows/s',
    script: 'apps/hub-gateway/bench/hub-bulk-import.ts',
    env: { BENCH_ROWS: process.env.BENCH_P3_ROWS ?? '20000' },
    // the child's round lines: `round 1: import 9.10 s (2198 rows/s), COPY 0.12 s (166666 rows/s), ...`
    ratio: (out) =>
      [...out.matchAll(/round \d+: import [\d.]+ s \((\d+) rows\/s\), COPY [\d.]+ s \((\d+) rows\/s\)/g)].map((m) => ({
        project: Number(m[1]),
        baseline: Number(m[2]),
      })),
  },
  {
    id: 'P6',
    title: 'event → policy alert, p50/p99 vs P5',
    script: 'bench/policy-engine.ts',
    env: { BENCH_SECONDS: '10' },
    ratio: () => [],
  },
  {
    id: 'P7',
    title: 'monthly payment run over N cases vs COPY of N rows, rows/s',
    script: 'bench/payment-run.ts',
    env: { BENCH_CASES: String(P7_CASES) },
    ratio: (out) => roundRatios(out, P7_CASES),
  },
];

function rowOf(out: string, endpoint: string, variant: string): number {
  const m = new RegExp(`^\\| ${endpoint} \\| ${variant} \\| (\\d+) \\|`, 'm').exec(out);
  return m ? Number(m[1]) : NaN;
}

/** Per-round lines that say `service 123 ms, COPY 45 ms`: `items` per run, so items per second. */
function roundRatios(out: string, items: number): { project: number; baseline: number }[] {
  return [...out.matchAll(/round \d+\/\d+: \w+ (\d+) ms, \w+ (\d+) ms/g)].map((m) => ({
    project: (items * 1000) / Number(m[1]),
    baseline: (items * 1000) / Number(m[2]),
  }));
}

function runChild(c: (typeof CHILDREN)[number], rounds: number, log: (s: string) => void): PairResult {
  const base: PairResult = {
    id: c.id,
    title: c.title,
    project: '',
    baseline: '',
    kind: 'throughput',
    rounds: [],
    notes: [],
  };
  if (!existsSync(join(root, c.script))) return { ...base, missing: `not yet available (${c.script} does not exist)` };
  log(`${c.id}: node ${c.script} ...`);
  const r = spawnSync(process.execPath, ['-r', '@swc-node/register', join(root, c.script)], {
    cwd: root,
    env: { ...process.env, BENCH_ROUNDS: String(rounds), ...c.env },
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    timeout: 30 * 60_000,
  });
  if (r.status !== 0)
    return {
      ...base,
      missing: `${c.script} failed (exit ${r.status ?? r.signal}): ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' ')}`,
    };
  const out = r.stdout;
  const at = out.lastIndexOf('\n### ');
  const ratios = c.ratio(out).filter((x) => Number.isFinite(x.project) && Number.isFinite(x.baseline));
  const json = jsonSummary(out);
  if (json) {
    // bench/policy-engine.ts prints one JSON object: throughput beside a raw consumer, latency beside raw produce → consume
    const t = json.throughput as Record<string, number>;
    const l = json.latency as Record<string, number>;
    return {
      ...base,
      project: `${c.script}: engine consuming (inbox, projection, rules, alerts); latency event → alert at ${l.rate}/s`,
      baseline: 'kafkajs consumer / produce → consume',
      rounds: [
        {
          project: { perSec: t.engineEventsPerSecond, p50Ms: l.alertP50Ms, p99Ms: l.alertP99Ms },
          baseline: { perSec: t.rawEventsPerSecond, p50Ms: l.rawP50Ms, p99Ms: l.rawP99Ms },
        },
      ],
      notes: [`${t.events} events, ${t.alerts} alerts; one round (the script has no rounds)`],
    };
  }
  return {
    ...base,
    project: `see ${c.script}`,
    baseline: 'see its section',
    rounds: ratios.map((x) => ({ project: { perSec: x.project }, baseline: { perSec: x.baseline } })),
    markdown: at >= 0 ? out.slice(at + 1).trim() : undefined,
    notes: [],
  };
}

function jsonSummary(out: string): Record<string, unknown> | undefined {
  const at = out.indexOf('{\n');
  if (at < 0) return undefined;
  try {
    const j = JSON.parse(out.slice(at));
    return j.throughput && j.latency ? j : undefined;
  } catch {
    return undefined;
  }
}

function fmt(x: number | undefined, digits = 0): string {
  return x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits);
}

/** The combined table. */
export function table(results: PairResult[]): string {
  const lines = [
    '| pair | project path | raw baseline | project | baseline | ratio project/baseline | project p50 / p99 ms | baseline p50 / p99 ms |',
    '|---|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    if (r.missing) {
      lines.push(`| ${r.id} | ${r.title} | | | | ${r.missing} | | |`);
      continue;
    }
    const med = (side: 'project' | 'baseline', k: 'perSec' | 'p50Ms' | 'p99Ms') =>
      median(r.rounds.map((x) => x[side][k]!).filter((v) => v !== undefined));
    if (r.kind === 'latency') {
      const ratio = median(r.rounds.map((x) => x.project.p50Ms! / x.baseline.p50Ms!));
      lines.push(
        `| ${r.id} | ${r.project || r.title} | ${r.baseline} | p50 ${fmt(med('project', 'p50Ms'), 1)} ms | p50 ${fmt(med('baseline', 'p50Ms'), 1)} ms | ${fmt(ratio, 2)} (latency, lower is better) | ${fmt(med('project', 'p50Ms'), 1)} / ${fmt(med('project', 'p99Ms'), 1)} | ${fmt(med('baseline', 'p50Ms'), 1)} / ${fmt(med('baseline', 'p99Ms'), 1)} |`,
      );
    } else {
      const ratio = median(r.rounds.map((x) => x.project.perSec! / x.baseline.perSec!));
      const lat = (side: 'project' | 'baseline') =>
        r.rounds[0]?.[side].p50Ms !== undefined ? `${fmt(med(side, 'p50Ms'), 2)} / ${fmt(med(side, 'p99Ms'), 2)}` : '';
      lines.push(
        `| ${r.id} | ${r.project || r.title} | ${r.baseline} | ${fmt(med('project', 'perSec'))}/s | ${fmt(med('baseline', 'perSec'))}/s | ${fmt(ratio, 2)} | ${lat('project')} | ${lat('baseline')} |`,
      );
    }
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const onlyArg = args[args.indexOf('--only') + 1];
  const only = args.includes('--only') && onlyArg ? new Set(onlyArg.toUpperCase().split(',')) : undefined;
  const want = (id: string) => !only || only.has(id);
  loadInfraEnv();
  const databaseUrl = process.env.DATABASE_URL!;
  const brokers = process.env.KAFKA_BROKERS!;
  if (!databaseUrl || !brokers) throw new Error('DATABASE_URL and KAFKA_BROKERS are not set: run bash infra/up.sh');
  const env: BenchEnv = {
    databaseUrl,
    brokers,
    rounds: num('BENCH_ROUNDS', 3),
    seconds: num('BENCH_SECONDS', 5),
    concurrency: num('BENCH_CONCURRENCY', 16),
    pool: num('BENCH_POOL', 8),
    log: (s) => console.log(s),
    schema: benchSchemaFactory(databaseUrl, brokers),
  };
  const results: PairResult[] = [];
  const child = (id: string) => CHILDREN.find((c) => c.id === id)!;
  // one failing pair is reported in the table and does not stop the others
  const measure = async (id: string, title: string, f: () => Promise<PairResult | PairResult[]>) => {
    if (!want(id)) return;
    try {
      const r = await f();
      results.push(...(Array.isArray(r) ? r : [r]));
    } catch (e) {
      console.error(e);
      results.push({
        id,
        title,
        project: '',
        baseline: '',
        kind: 'throughput',
        rounds: [],
        notes: [],
        missing: `failed in this run: ${String((e as Error).message).split('\n')[0]}`,
      });
    }
  };
  await measure('P1', 'HTTP adapter', async () => runChild(child('P1'), env.rounds, env.log));
  await measure('P2', 'command write', () => p2CommandWrite(env));
  await measure('P3', 'bulk import', async () => runChild(child('P3'), env.rounds, env.log));
  await measure('P4', 'relay publish', () =>
    p4RelayPublish(
      env,
      num('BENCH_P4_EVENTS', 5000),
      process.env.BENCH_P4_BATCH ? num('BENCH_P4_BATCH', 0) : undefined,
    ),
  );
  // P5b and P5c apply the same number of records: a drain of 2000 took 0.3-0.5 s, of which a fresh
  // consumer process's start (its partitions' first batches began 35-120 ms apart) was a large
  // share; P5c has a warm-up round (docs/benchmarks.md, City scale, P5b / P5c)
  await measure('P5', 'event latency', () =>
    p5EventLatency(env, num('BENCH_P5_RATE', 50), num('BENCH_P5_BACKLOG', 6000)),
  );
  await measure('P5C', 'consumer apply prototype', () => consumerApply(env, num('BENCH_P5C_RECORDS', 6000)));
  await measure('P6', 'policy alert', async () => runChild(child('P6'), env.rounds, env.log));
  await measure('P7', 'payment run', async () => runChild(child('P7'), env.rounds, env.log));

  const cpu = cpus();
  const head = `### ${new Date().toISOString().slice(0, 10)}: ${cpu.length} cores (${cpu[0]?.model.trim()}), Node ${process.version}, shared machine`;
  const notes = results.flatMap((r) => r.notes.map((n) => `- ${r.id}: ${n}`));
  const sections = results
    .filter((r) => r.markdown)
    .map((r) => `#### ${r.id} as printed by its own benchmark\n\n${r.markdown!.replace(/^### /, '')}`);
  const markdown = [
    head,
    '',
    `${env.rounds} rounds per pair after a warm-up, project and baseline interleaved (alternating order); medians over rounds; ratio = median of per-round ratios.`,
    '',
    table(results),
    '',
    ...notes,
    '',
    ...sections,
  ].join('\n');
  console.log(`\n${markdown}`);
  if (!args.includes('--no-write')) write(markdown);
}

function write(markdown: string): void {
  const file = join(root, 'docs/benchmarks.md');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  if (!text.includes(MARKER)) {
    text += `\n## All pairs (\`npm run bench\`)\n\nbench/run.ts runs every pair of docs/reliability.md that exists (P1, P3, P6 and P7 through their own scripts), plus P5b (consumer drain throughput) and P5c (the consumer-batching prototype). Rerun it to add a dated block.\n\n${MARKER}\n`;
  }
  writeFileSync(file, text.replace(MARKER, `${markdown}\n\n${MARKER}`));
  console.log(`written to ${file}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
