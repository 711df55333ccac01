/**
 * The SQL of one inbox run beside P5c's per-batch SQL, without Kafka and without concurrency: one
 * connection applies 6000 records in batches of B (100) four ways, one after another, and prints
 * per batch the wall time and per record the CPU of this process and of the PostgreSQL backend.
 * p5c: P5c's statements (bench/pairs/consumer-apply.ts); rawConsumerSql: the consumer's run (BEGIN,
 * InboxStore's claim, the fixture's run statement, COMMIT) on a raw pg client; pipelined: the same
 * with BEGIN sent together with the claim (pg's pipeline mode); typeorm: the consumer's run as
 * InboxRuns sends it (DataSource.transaction, InboxStore.claimRun). Variants alternate (ORDER).
 * Usage: node -r @swc-node/register bench/inbox-statements.ts   (B=100 ORDER=p5c,typeorm,...)
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { messagingMigrations } from '@civic/messaging';
import { CLAIM_RUN_SQL as CLAIM, InboxStore } from '../libs/messaging/src/inbox/inbox-store';
import { FaultFixtureSchema1765900000000 } from '../faults/fixture-service/fixture-schema.migration';
import { benchSchemaFactory } from './pairs/bench-env';
import { applyBatchRaw } from './pairs/consumer-apply';
import { procCpuMs as cpu } from './pairs/process-cpu';
import { FIXTURE_RUN_SQL as RUN_SQL } from '../faults/fixture-service/fixture-run-sql';

const N = 6000,
  B = Number(process.env.B ?? 100);
type R = { id: string; counter: string; seq: number; off: number };
const make = (): R[] =>
  Array.from({ length: N }, (_, i) => ({
    id: randomUUID(),
    counter: `c${i % 100}`,
    seq: Math.floor(i / 100) + 1,
    off: i,
  }));

async function main() {
  const env = benchSchemaFactory(process.env.DATABASE_URL!, process.env.KAFKA_BROKERS!);
  const s = await env('pgcost');
  const ds = await new DataSource({
    type: 'postgres',
    url: s.url,
    migrations: [...messagingMigrations, FaultFixtureSchema1765900000000],
    extra: { max: 1 },
  }).initialize();
  await ds.runMigrations({ transaction: 'all' });
  const c = new Client({ connectionString: s.url });
  await c.connect();
  const [{ pid }] = (await c.query('SELECT pg_backend_pid() AS pid')).rows;
  const [{ pid: dpid }] = await ds.query('SELECT pg_backend_pid() AS pid');
  const cp = new Client({ connectionString: s.url, pipeline: true } as never);
  await cp.connect();
  const [{ pid: ppid }] = (await cp.query('SELECT pg_backend_pid() AS pid')).rows;
  const reset = () => c.query('TRUNCATE inbox_message, fault_effect, fault_applied');
  const topic = 'bench-drain-abc123.faults.counter';
  // InboxStore's claim parameters for a run of records (CLAIM_RUN_SQL)
  const claimArgs = (rs: R[]) => [
    'ledger',
    rs.map((r) => r.id),
    rs.map(() => 'faults.counter.incremented'),
    topic,
    0,
    rs.map((r) => r.off),
    rs.map((r) => r.counter),
    rs.map((_, i) => i),
  ];
  const variants: Record<string, (rs: R[]) => Promise<void>> = {
    p5c: (rs) =>
      applyBatchRaw(
        c,
        rs.map((r) => ({ eventId: r.id, counter: r.counter, seq: r.seq, partition: 0, offset: r.off })),
        1,
      ),
    rawConsumerSql: async (rs) => {
      await c.query('START TRANSACTION');
      await c.query(CLAIM, claimArgs(rs));
      await c.query(RUN_SQL, [rs.map((r) => r.counter), rs.map((r) => r.seq), rs.map((r) => r.id), 1]);
      await c.query('COMMIT');
    },
    pipelined: async (rs) => {
      // BEGIN is not awaited: in pipeline mode the claim is written right behind it
      const begin = cp.query('START TRANSACTION');
      await cp.query(CLAIM, claimArgs(rs));
      await begin;
      await cp.query(RUN_SQL, [rs.map((r) => r.counter), rs.map((r) => r.seq), rs.map((r) => r.id), 1]);
      await cp.query('COMMIT');
    },
    typeorm: async (rs) => {
      const store = new InboxStore('ledger');
      await ds.transaction(async (m) => {
        await store.claimRun(
          m,
          topic,
          0,
          rs.map((r, index) => ({
            event: { id: r.id, type: 'faults.counter.incremented' } as never,
            offset: String(r.off),
            key: r.counter,
            index,
          })),
        );
        await m.query(RUN_SQL, [rs.map((r) => r.counter), rs.map((r) => r.seq), rs.map((r) => r.id), 1]);
      });
    },
  };
  const order = (
    process.env.ORDER ?? 'p5c,rawConsumerSql,pipelined,typeorm,typeorm,pipelined,rawConsumerSql,p5c'
  ).split(',');
  for (const name of order) {
    await reset();
    const recs = make();
    const c0 = process.cpuUsage();
    const b0 = cpu(pid) + cpu(ppid);
    const d0 = cpu(dpid);
    const t0 = performance.now();
    for (let i = 0; i < N; i += B) await variants[name](recs.slice(i, i + B));
    const ms = performance.now() - t0;
    const nc = process.cpuUsage(c0);
    const pg = cpu(pid) + cpu(ppid) - b0 + cpu(dpid) - d0;
    console.log(
      `${name.padEnd(15)} ${((N * 1000) / ms).toFixed(0)}/s  ${(ms / (N / B)).toFixed(2)} ms/batch  node ${((nc.user + nc.system) / N).toFixed(1)} µs/rec  pg ${((pg * 1000) / N).toFixed(1)} µs/rec  load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}`,
    );
  }
  await c.end();
  await cp.end();
  await ds.destroy();
  await s.drop();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
