/**
 * P1 (docs/reliability.md): the same validated JSON endpoints served by NestJS on Fastify, NestJS on
 * Express, and bare Fastify as the raw baseline. Each server runs in its own process; wrk loads
 * it from another process over loopback. Rounds are interleaved with a rotating order so load
 * drift on the shared machine hits every variant alike; the figures that count are the per-round
 * ratios. Usage: npm run bench:http [-- --append]   (--append writes docs/benchmarks.md)
 * Tunables: BENCH_ROUNDS (5), BENCH_SECONDS (8), BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (32).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { caseView, validCase } from './http-adapter.fixture';
import { VARIANTS, Variant } from './http-adapter.server';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const BASE_PORT = Number(process.env.BENCH_PORT ?? 39_310);
const ENDPOINTS = ['GET', 'POST'] as const;
type Endpoint = (typeof ENDPOINTS)[number];
const BASELINE: Variant = 'fastify';
const RESULTS_MARKER = '<!-- bench:http results go above this line -->';

interface Sample {
  rps: number;
  p50Ms: number;
  p99Ms: number;
}

const root = resolve(__dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'bench-http-'));
const postScript = join(work, 'post.lua');
writeFileSync(
  postScript,
  `wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = [[${JSON.stringify(validCase)}]]\n`,
);

const portOf = (variant: Variant) => BASE_PORT + VARIANTS.indexOf(variant);
const urlOf = (variant: Variant, endpoint: Endpoint) =>
  `http://127.0.0.1:${portOf(variant)}/api/v1/cases${endpoint === 'GET' ? `/${caseView.id}` : ''}`;

function startServer(variant: Variant): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', join(__dirname, 'http-adapter.server.ts'), variant, String(portOf(variant))],
    { cwd: root, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolvePromise, reject) => {
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code} before it was ready`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolvePromise(child);
    });
  });
}

/** Refuses to measure a variant that does not behave like the others. */
async function checkBehaviour(variant: Variant): Promise<void> {
  const post = (body: unknown) =>
    fetch(urlOf(variant, 'POST'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const got = await fetch(urlOf(variant, 'GET'));
  const valid = await post(validCase);
  const invalid = await post({ ...validCase, memberCount: 0 });
  const unknownField = await post({ ...validCase, salary: 1 });
  const problems = [
    got.status !== 200 || !isDeepStrictEqual(await got.json(), caseView)
      ? `GET answered ${got.status} or another body`
      : '',
    valid.status !== 201 ? `valid POST answered ${valid.status}` : '',
    invalid.status !== 400 ? `POST with memberCount 0 answered ${invalid.status}` : '',
    unknownField.status !== 400 ? `POST with an unknown field answered ${unknownField.status}` : '',
  ].filter(Boolean);
  if (problems.length > 0) throw new Error(`${variant}: ${problems.join('; ')}`);
}

const toMs = (value: string, unit: string) =>
  Number(value) * ({ us: 0.001, ms: 1, s: 1000 } as Record<string, number>)[unit];

function load(variant: Variant, endpoint: Endpoint, seconds: number): Sample {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency'];
  if (endpoint === 'POST') args.push('-s', postScript);
  const out = execFileSync('wrk', [...args, urlOf(variant, endpoint)], { encoding: 'utf8' });
  // wrong answers and broken connections fail the run; a client timeout on a loaded shared machine is only slowness
  if (/Non-2xx or 3xx responses|Socket errors: connect [1-9]|read [1-9]|write [1-9]/.test(out))
    throw new Error(`${variant} ${endpoint}: errors under load\n${out}`);
  const percentile = (p: number) => {
    const m = out.match(new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm'));
    if (!m) throw new Error(`no ${p}% line in wrk output:\n${out}`);
    return toMs(m[1], m[2]);
  };
  const rps = out.match(/^Requests\/sec:\s+([\d.]+)/m);
  if (!rps) throw new Error(`no Requests/sec in wrk output:\n${out}`);
  return { rps: Number(rps[1]), p50Ms: percentile(50), p99Ms: percentile(99) };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

function report(samples: Map<string, Sample[]>): string {
  const key = (v: Variant, e: Endpoint) => `${v} ${e}`;
  const ratio = (e: Endpoint, a: Variant, b: Variant) =>
    median(samples.get(key(a, e))!.map((s, round) => s.rps / samples.get(key(b, e))![round].rps));
  const lines = [
    `### ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, shared machine`,
    '',
    `wrk -t1 -c${CONNECTIONS}, ${ROUNDS} interleaved rounds of ${SECONDS} s per variant and endpoint after a ${WARMUP_SECONDS} s warm-up; medians over rounds; ratio = median of per-round req/s ratios.`,
    '',
    '| endpoint | variant | req/s | p50 ms | p99 ms | req/s vs bare Fastify |',
    '|---|---|---:|---:|---:|---:|',
  ];
  for (const e of ENDPOINTS) {
    for (const v of VARIANTS) {
      const s = samples.get(key(v, e))!;
      lines.push(
        `| ${e} | ${v} | ${median(s.map((x) => x.rps)).toFixed(0)} | ${median(s.map((x) => x.p50Ms)).toFixed(2)} | ${median(s.map((x) => x.p99Ms)).toFixed(2)} | ${ratio(e, v, BASELINE).toFixed(2)} |`,
      );
    }
  }
  lines.push(
    '',
    `Nest on Fastify / Nest on Express (req/s): GET ${ratio('GET', 'nest-fastify', 'nest-express').toFixed(2)}, POST ${ratio('POST', 'nest-fastify', 'nest-express').toFixed(2)}.`,
    '',
  );
  return lines.join('\n');
}

function append(markdown: string): void {
  const file = join(root, 'docs/benchmarks.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  writeFileSync(
    file,
    text.includes(RESULTS_MARKER)
      ? text.replace(RESULTS_MARKER, `${markdown}\n${RESULTS_MARKER}`)
      : `${text}\n${markdown}`,
  );
  console.log(`appended to ${file}`);
}

async function main(): Promise<void> {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (error) {
    // wrk prints its version and exits 1; only a missing binary is a problem
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('wrk is not installed: apt-get install wrk');
  }
  const servers: ChildProcess[] = [];
  try {
    for (const v of VARIANTS) servers.push(await startServer(v));
    for (const v of VARIANTS) await checkBehaviour(v);
    for (const e of ENDPOINTS) for (const v of VARIANTS) load(v, e, WARMUP_SECONDS);

    const samples = new Map<string, Sample[]>();
    for (let round = 0; round < ROUNDS; round++) {
      const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
      for (const e of ENDPOINTS) {
        for (const v of order) {
          const s = load(v, e, SECONDS);
          samples.set(`${v} ${e}`, [...(samples.get(`${v} ${e}`) ?? []), s]);
          console.log(
            `round ${round + 1}/${ROUNDS} ${e.padEnd(4)} ${v.padEnd(12)} ${s.rps.toFixed(0).padStart(6)} req/s  p50 ${s.p50Ms.toFixed(2)} ms  p99 ${s.p99Ms.toFixed(2)} ms`,
          );
        }
      }
    }
    const markdown = report(samples);
    console.log(`\n${markdown}`);
    if (process.argv.includes('--append')) append(markdown);
  } finally {
    for (const s of servers) s.kill('SIGTERM');
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
