// Idle CPU of each service: what a service costs a node while no request or event arrives.
//   source .infra.env && SWC_NODE_PROJECT=tsconfig.json node -r @swc-node/register bench/idle-cpu.ts [app ...]
// Starts each service alone (startServiceProcess: fresh schema, test topics), waits 15 s after it is
// ready, then reads process_cpu_seconds_total from /metrics 20 s apart. Beside it, the same reading of
// a bare Node process that only keeps a 1 s interval: the floor of an idle process on this host.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { scrapeMetrics, SERVICES, startIdleService } from './idle-service';

const WINDOW_MS = 20_000;
const apps = process.argv.slice(2).length ? process.argv.slice(2) : SERVICES;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system) of a process, from /proc (clock ticks of 10 ms). */
function procCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function bareNode(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await sleep(5_000);
  const before = procCpuSeconds(child.pid!);
  await sleep(WINDOW_MS);
  const used = procCpuSeconds(child.pid!) - before;
  child.kill();
  return used;
}

(async () => {
  const floor = await bareNode();
  console.log(
    JSON.stringify({ app: 'bare node', cpuMsPerSecond: Number(((floor * 1000) / (WINDOW_MS / 1000)).toFixed(1)) }),
  );
  for (const app of apps) {
    const s = await startIdleService(app, 'cpu');
    const cpu = async () => (await scrapeMetrics(s.baseUrl))('process_cpu_seconds_total')!;
    await sleep(15_000);
    const before = await cpu();
    await sleep(WINDOW_MS);
    const used = (await cpu()) - before;
    console.log(JSON.stringify({ app, cpuMsPerSecond: Number(((used * 1000) / (WINDOW_MS / 1000)).toFixed(1)) }));
    await s.stop();
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
