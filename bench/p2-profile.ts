// Where a P2 REST write spends the service's CPU: starts the fault-suite fixture (as P2 does, relay
// on) under `node --cpu-prof`, drives it with wrk, and sums the profile's self time over the
// measured window only (start-up and warm-up left out) by function and by package.
//
//   source scripts/node-lts.sh; source .infra.env
//   node -r @swc-node/register bench/p2-profile.ts   # BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (3), BENCH_P2_RELAY (1)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@civic/testing';
import { fixtureTarget } from '../faults/harness/fixture-target';
import { ServiceProcess } from '../faults/harness/service-process';
import { benchSchemaFactory } from './pairs/bench-env';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const RELAY = (process.env.BENCH_P2_RELAY ?? '1') === '1';

/** µs on the monotonic clock, the one V8's profile timestamps use. */
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

const procCpuMs = (pid: number) => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
};

function wrk(url: string, seconds: number): string {
  const script = join(mkdtempSync(join(tmpdir(), 'p2-profile-')), 'post.lua');
  writeFileSync(
    script,
    'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = "{}"\nrequest = function() return wrk.format(nil, "/api/v1/counters/k" .. math.random(1, 1000) .. "/increments") end\n',
  );
  return execFileSync('wrk', ['-t1', '-c16', `-d${seconds}s`, '--latency', '-s', script, url], { encoding: 'utf8' });
}

/** A package (node_modules/<name>), a repo folder (libs/platform), node internals or a V8 pseudo-frame. */
function bucketOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : '(native)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1];
  if (url.startsWith('node:')) return url;
  const repo = /\/(libs\/[^/]+|faults|apps\/[^/]+|bench)\//.exec(url);
  return repo ? repo[1] : url;
}

async function main() {
  const databaseUrl = process.env.DATABASE_URL!;
  const brokers = process.env.KAFKA_BROKERS!;
  const s = await benchSchemaFactory(databaseUrl, brokers)('p2prof');
  const dir = mkdtempSync(join(tmpdir(), 'p2-cpuprof-'));
  const port = await freePort();
  const svc = new ServiceProcess(
    'p2-profile',
    ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--cpu-prof-interval=200', ...fixtureTarget.args],
    fixtureTarget.env({
      databaseUrl,
      schema: s.schema,
      brokers,
      topicPrefix: s.topicPrefix,
      port,
      relay: RELAY,
      consumer: false,
      extra: { DATABASE_POOL_SIZE: '8' },
    }),
    port,
  );
  let from = 0;
  let to = 0;
  let requests = 0;
  let cpuMs = 0;
  try {
    await svc.ready;
    wrk(svc.url, WARMUP);
    const cpu0 = procCpuMs(svc.proc.pid!);
    from = nowUs();
    const out = wrk(svc.url, SECONDS);
    to = nowUs();
    cpuMs = procCpuMs(svc.proc.pid!) - cpu0;
    requests = Number(/(\d+) requests in/.exec(out)![1]);
    console.log(out.trim());
  } finally {
    await svc.kill('SIGTERM');
    await s.drop();
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile written in ${dir}`);
  const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  let t = profile.startTime;
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    if (t < from || t > to) continue;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + 1);
    total++;
  }
  const byFn = new Map<string, number>();
  const byBucket = new Map<string, number>();
  for (const [id, n] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const bucket = bucketOf(url, functionName);
    const name = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '').replace(/^.*\/p2\//, '')}:${lineNumber + 1}`;
    byFn.set(name, (byFn.get(name) ?? 0) + n);
    byBucket.set(bucket, (byBucket.get(bucket) ?? 0) + n);
  }
  // inclusive time of the project's own frames (libs/, faults/): each counted once per sample's stack
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, n] of self) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url, lineNumber } = byId.get(at)!.callFrame;
      if (!/\/(libs|faults)\//.test(url) || url.includes('node_modules')) continue;
      const name = `${functionName || '(anonymous)'} ${url.replace(/^.*\/(libs|faults)\//, '$1/')}:${lineNumber + 1}`;
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + n);
    }
  }
  const idle = byFn.get('(idle) :0') ?? 0;
  const busy = total - idle;
  const pct = (n: number) => ((100 * n) / busy).toFixed(1).padStart(5) + '%';
  console.log(
    `\nwindow ${((to - from) / 1e6).toFixed(1)} s, ${requests} requests (${(requests / ((to - from) / 1e6)).toFixed(0)}/s); ` +
      `process CPU ${cpuMs} ms = ${((1000 * cpuMs) / requests).toFixed(0)} µs per request (all threads); ` +
      `main thread busy ${((100 * busy) / total).toFixed(0)}% of ${total} samples; shares below are of the busy samples`,
  );
  console.log('\nby package / folder:');
  for (const [k, n] of [...byBucket]
    .filter(([k]) => k !== '(idle)')
    .sort((a, b) => b[1] - a[1])
    .slice(0, 30))
    console.log(`${pct(n)}  ${k}`);
  console.log('\nby function (self):');
  for (const [k, n] of [...byFn]
    .filter(([k]) => !k.startsWith('(idle)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 50))
    console.log(`${pct(n)}  ${k}`);
  console.log("\nthe project's frames (inclusive):");
  for (const [k, n] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${pct(n)}  ${k}`);
  console.log(`\nprofile: ${join(dir, file)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
