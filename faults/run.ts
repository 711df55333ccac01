/**
 * The fault suite (docs/reliability.md R1-R17, docs/adr/0005-fault-suite.md): runs each scenario in
 * faults/scenarios against real PostgreSQL and Kafka with the service as real processes, prints
 * committed / delivered / lost / duplicated effects per scenario, and exits 1 on any loss or
 * duplicate. Usage: bash faults/run.sh [--reduced|--full] [--only R1,R12]
 */
import 'reflect-metadata';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadInfraEnv } from '@civic/testing';
import { fixtureTarget } from './harness/fixture-target';
import { privateInfra, PrivateInfra } from './harness/private-infra';
import { Infra, RunSettings, Scenario, ScenarioContext, ScenarioResult } from './harness/scenario';
import { killAll } from './harness/service-process';
import { Target } from './harness/target';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const settings: RunSettings = { mode: args.includes('--full') ? 'full' : 'reduced', ci: process.env.CI === 'true' };
  const onlyArg = args[args.indexOf('--only') + 1];
  const only = args.includes('--only') && onlyArg ? new Set(onlyArg.split(',').map((s) => s.toUpperCase())) : undefined;
  loadInfraEnv();
  const shared: Infra = { databaseUrl: required('DATABASE_URL'), brokers: required('KAFKA_BROKERS') };
  const target: Target = process.env.FAULT_TARGET
    ? (await import(join(process.cwd(), process.env.FAULT_TARGET))).default
    : fixtureTarget;

  const scenarios: Scenario[] = readdirSync(join(__dirname, 'scenarios'))
    .filter((f) => /^R\d+-.*\.ts$/.test(f))
    .sort((a, b) => Number(a.slice(1).split('-')[0]) - Number(b.slice(1).split('-')[0]))
    .map((f) => require(join(__dirname, 'scenarios', f)).default as Scenario)
    .filter((s) => !only || only.has(s.id));
  console.log(
    `fault suite: ${settings.mode} run${settings.ci ? ' (CI)' : ''} against ${target.name}; ${scenarios.length} scenario(s)`,
  );

  const parallel = Number(args[args.indexOf('--parallel') + 1]) || (settings.mode === 'reduced' ? 3 : 1);
  const results = new Map<Scenario, ScenarioResult>();
  const skip = (s: Scenario, why: string) => {
    results.set(s, { id: s.id, name: s.name, pass: true, skipped: why, notes: [], seconds: 0 });
    console.log(`- ${s.id} skipped: ${why}`);
  };
  let priv: PrivateInfra | undefined;
  try {
    // scenarios on the shared servers are isolated (own schema, topic prefix, processes) and
    // mostly wait on the broker, so the reduced run overlaps a few of them
    const queue = scenarios.filter((s) => !s.needs);
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        for (let s = queue.shift(); s; s = queue.shift()) results.set(s, await runOne(s, target, shared, settings));
      }),
    );
    for (const s of scenarios.filter((x) => x.needs)) {
      if (settings.mode === 'reduced' && !settings.ci && !only) {
        skip(
          s,
          `disruptive (stops ${s.needs === 'private-postgres' ? 'PostgreSQL' : 'the broker'}): runs with --full, when CI=true, or with --only ${s.id}`,
        );
        continue;
      }
      priv ??= await privateInfra();
      if (!priv.available) skip(s, `cannot start a private PostgreSQL and Kafka here: ${priv.reason}`);
      else results.set(s, await runOne(s, target, priv.infra, settings));
    }
  } finally {
    await killAll();
    await priv?.stop();
  }
  const rows = scenarios.map((s) => results.get(s)!).filter(Boolean);
  console.log('\n' + table(rows));
  return rows.every((r) => r.pass) ? 0 : 1;
}

async function runOne(s: Scenario, target: Target, infra: Infra, settings: RunSettings): Promise<ScenarioResult> {
  const t0 = Date.now();
  const ctx = new ScenarioContext(s.id, target, infra, settings);
  let row: ScenarioResult;
  try {
    await ctx.setUp();
    const { ledger, checks = {} } = await s.run(ctx);
    const failedChecks = Object.entries(checks)
      .filter(([, ok]) => !ok)
      .map(([c]) => c);
    for (const c of failedChecks) ctx.note(`FAILED: ${c}`);
    if (ledger.committed === 0) ctx.note('FAILED: nothing was committed, so nothing was tested');
    const pass =
      ledger.lost === 0 &&
      ledger.duplicated === 0 &&
      ledger.orderViolations === 0 &&
      failedChecks.length === 0 &&
      ledger.committed > 0;
    row = { id: s.id, name: s.name, pass, notes: ctx.notes, seconds: (Date.now() - t0) / 1000, ...ledger };
  } catch (e) {
    const dead = ctx.processes
      .filter((p) => !p.alive)
      .map((p) => `${p.label}: ${p.tail(5)}`)
      .slice(-2);
    row = {
      id: s.id,
      name: s.name,
      pass: false,
      notes: [...ctx.notes, `ERROR: ${(e as Error).stack ?? e}`, ...dead],
      seconds: (Date.now() - t0) / 1000,
    };
  } finally {
    await ctx.tearDown();
  }
  const lines = [
    `- ${row.id} ${row.name}: ${row.pass ? 'pass' : 'FAIL'} in ${row.seconds.toFixed(0)} s: committed ${row.committed ?? '-'}, delivered ${row.delivered ?? '-'}, dead-lettered ${row.deadLettered ?? '-'}, lost ${row.lost ?? '-'}, duplicated ${row.duplicated ?? '-'}, order violations ${row.orderViolations ?? '-'}`,
  ];
  for (const n of row.notes) lines.push(`    ${n}`);
  console.log(lines.join('\n'));
  return row;
}

/** The result table (markdown, so it can be pasted into docs). */
export function table(results: ScenarioResult[]): string {
  const lines = [
    '| id | scenario | committed | delivered | dead-lettered | lost | duplicated effects | order violations | result | s |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|---:|',
  ];
  for (const r of results) {
    const v = (x: number | undefined) => (x === undefined ? '-' : String(x));
    const result = r.skipped ? `skipped: ${r.skipped}` : r.pass ? 'pass' : 'FAIL';
    lines.push(
      `| ${r.id} | ${r.name} | ${v(r.committed)} | ${v(r.delivered)} | ${v(r.deadLettered)} | ${v(r.lost)} | ${v(r.duplicated)} | ${v(r.orderViolations)} | ${result} | ${r.seconds.toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run bash infra/up.sh`);
  return v;
}

for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(
    sig,
    () =>
      void killAll()
        .then(() => Promise.all([...ScenarioContext.open].map((c) => c.tearDown())))
        .finally(() => process.exit(130)),
  );

main().then(
  (code) => process.exit(code),
  async (e) => {
    console.error(e);
    await killAll();
    process.exit(2);
  },
);
