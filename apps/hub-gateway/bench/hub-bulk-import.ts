/**
 * P3 (docs/reliability.md) for the hub gateway: a bulk CSV initial load of N hospital-bill records
 * through the gateway's own import (apps/hub-gateway/src/bulk/bulk-import.service.ts: streamed
 * parse, per-row validation, personRef + masked ID + AES-GCM encryption, multi-row INSERTs of
 * records, identities and one outbox event per record, per chunk transaction) against the raw
 * baseline of PostgreSQL COPY of the same file into a staging table of text columns, in the same
 * run on the same database. Rounds alternate the order. A fresh schema is created and dropped.
 * Usage: node -r @swc-node/register apps/hub-gateway/bench/hub-bulk-import.ts
 * Tunables: BENCH_ROWS (100000), BENCH_ROUNDS (3), BENCH_CHUNK (1000), BENCH_FLOOR (1: after each import,
 * time the set-based floor: the imported rows inserted again from staged copies; 0 skips it).
 */
import 'reflect-metadata';
import { createReadStream, createWriteStream, readFileSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { once } from 'node:events';
import { messagingEntities, Outbox } from '@civic/messaging';
import { AuditLog, AuditLogEntry, AuditLogTable1764300000000, serviceConnection } from '@civic/platform';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { BulkImportService } from '../src/bulk/bulk-import.service';
import { HubGatewayConfig } from '../src/hub-gateway.config';
import { PersonIdentityService } from '../src/identity/person-identity.service';
import { LifeEventsService } from '../src/life-events/life-events.service';
import { SendersService } from '../src/senders/senders.service';
import { HUB_GATEWAY_MIGRATIONS } from '../src/hub-gateway.migrations';
import { databaseUrlFromInfraEnv } from '@civic/testing';
import { BILL_HEADER, billCells } from './bench-bills';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CHUNK = Number(process.env.BENCH_CHUNK ?? 1000);
const FLOOR = process.env.BENCH_FLOOR !== '0';
const APP = `bench-hub-${process.pid}`;
const TICK_US = 10_000; // /proc/<pid>/stat counts CPU in clock ticks of 10 ms (CLK_TCK 100)

/**
 * CPU (µs) the server processes of this run's connections have used so far, from /proc/<pid>/stat
 * (PostgreSQL runs on this host); a figure independent of how many other processes share the cores.
 * Undefined when /proc cannot be read.
 */
async function backendCpu(admin: Client): Promise<Map<number, number> | undefined> {
  const { rows } = await admin.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [APP]);
  const out = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * TICK_US);
    } catch {
      return undefined;
    }
  }
  return out;
}
const cpuSince = (before: Map<number, number> | undefined, after: Map<number, number> | undefined) =>
  before && after ? [...after].reduce((sum, [pid, us]) => sum + us - (before.get(pid) ?? 0), 0) : NaN;

async function writeCsv(file: string): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${BILL_HEADER}\n`);
  for (let i = 0; i < ROWS; i++) {
    const line = `${billCells(i).join(',')}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function main() {
  const url = databaseUrlFromInfraEnv();
  const schema = `bench_hub_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const file = join(tmpdir(), `${schema}.csv`);
  // the gateway's own session settings (JIT off, docs/adr/0031-jit-off-for-service-sessions.md), for
  // the import and for COPY alike
  const session = serviceConnection(url, schema);
  const ds = new DataSource({
    type: 'postgres',
    url: session.url,
    schema,
    entities: [AuditLogEntry, ...messagingEntities],
    migrations: [AuditLogTable1764300000000, ...HUB_GATEWAY_MIGRATIONS],
    poolSize: 4,
    // names this run's connections, so their server processes' CPU can be read (backendCpu)
    extra: { options: session.options, application_name: APP },
  });
  try {
    await ds.initialize();
    await ds.runMigrations();
    await ds.query(
      `CREATE UNLOGGED TABLE IF NOT EXISTS copy_baseline (record_id text, record_type text, id_number text, bill_date text, total_fen text, insurance_paid_fen text, self_paid_fen text, inpatient text)`,
    );
    await ds.query(`ALTER TABLE copy_baseline SET LOGGED`);
    const config = Object.assign(new HubGatewayConfig(), {
      PERSON_REF_KEYS: { current: 'b1', keys: { b1: `hex:${randomBytes(32).toString('hex')}` } },
      ID_ENCRYPTION_KEYS: { current: 'b1', keys: { b1: `hex:${randomBytes(32).toString('hex')}` } },
    });
    const identities = new PersonIdentityService(config, new AuditLog());
    const outbox = new Outbox();
    const importer = new BulkImportService(
      ds,
      new LifeEventsService(identities, outbox),
      identities,
      new SendersService(),
      config,
    );
    await writeCsv(file);
    console.log(
      `hub bulk import vs COPY: ${ROWS} rows, chunk ${CHUNK}, ${ROUNDS} rounds, ${cpus().length} CPUs, file ${(readFileSync(file).length / 1e6).toFixed(1)} MB`,
    );

    const importCpu: number[] = [];
    const importServerCpu: number[] = [];
    const copyServerCpu: number[] = [];
    const floorServerCpu: number[] = [];
    const runImport = async () => {
      await ds.query(
        `TRUNCATE hub_record, person_identity, outbox_message, outbox_pending, bulk_import_error, bulk_import`,
      );
      const server = await backendCpu(admin);
      const t = process.hrtime.bigint();
      const cpu = process.cpuUsage();
      const p = await importer.run(createReadStream(file), 'bench-hub', { chunkSize: CHUNK });
      const s = Number(process.hrtime.bigint() - t) / 1e9;
      importServerCpu.push(cpuSince(server, await backendCpu(admin)) / ROWS);
      // the gateway's own CPU per row: on a shared host a steadier figure than the wall time
      const used = process.cpuUsage(cpu);
      importCpu.push((used.user + used.system) / ROWS);
      if (p.status !== 'finished' || p.rowsAccepted !== ROWS)
        throw new Error(`import did not load every row: ${JSON.stringify(p)}`);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM outbox_message`);
      if (n !== ROWS) throw new Error(`expected ${ROWS} outbox events, found ${n}`);
      return s;
    };
    const runCopy = async () => {
      const c = new Client({ connectionString: session.url, options: session.options, application_name: APP });
      await c.connect();
      try {
        await c.query(`TRUNCATE ${schema}.copy_baseline`);
        const server = await backendCpu(admin);
        const t = process.hrtime.bigint();
        await pipeline(
          createReadStream(file),
          c.query(copyFrom(`COPY ${schema}.copy_baseline FROM STDIN WITH (FORMAT csv, HEADER true)`)),
        );
        const s = Number(process.hrtime.bigint() - t) / 1e9;
        copyServerCpu.push(cpuSince(server, await backendCpu(admin)) / ROWS);
        const { rows } = await c.query(`SELECT count(*)::int AS n FROM ${schema}.copy_baseline`);
        if (rows[0].n !== ROWS) throw new Error(`COPY loaded ${rows[0].n} rows`);
        return s;
      } finally {
        await c.end();
      }
    };

    // The floor of any import into this schema: the rows the import just wrote, inserted again with
    // set-based INSERT ... SELECT from staged copies in one transaction (no parsing, validation,
    // crypto or event building; the same tables, indexes and WAL). An import cannot beat it.
    const runFloor = async () => {
      await ds.query(`DROP TABLE IF EXISTS st_record, st_identity, st_outbox`);
      await ds.query(`CREATE TABLE st_record AS SELECT * FROM hub_record`);
      await ds.query(`CREATE TABLE st_identity AS SELECT * FROM person_identity`);
      await ds.query(`CREATE TABLE st_outbox AS SELECT * FROM outbox_message`);
      await ds.query(`TRUNCATE hub_record, person_identity, outbox_message, outbox_pending`);
      const server = await backendCpu(admin);
      const t = process.hrtime.bigint();
      await ds.transaction(async (tx) => {
        await tx.query(`INSERT INTO hub_record SELECT * FROM st_record`);
        await tx.query(`INSERT INTO person_identity SELECT * FROM st_identity`);
        await tx.query(
          `INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers) SELECT event_id, topic, message_key, event_type, payload, headers FROM st_outbox ORDER BY id`,
        );
      });
      const s = Number(process.hrtime.bigint() - t) / 1e9;
      floorServerCpu.push(cpuSince(server, await backendCpu(admin)) / ROWS);
      await ds.query(`DROP TABLE st_record, st_identity, st_outbox`);
      return s;
    };

    const ratios: number[] = [];
    const floors: number[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      let imp: number;
      let copy: number;
      if (r % 2) {
        imp = await runImport();
        copy = await runCopy();
      } else {
        copy = await runCopy();
        imp = await runImport();
      }
      ratios.push(imp / copy);
      console.log(
        `round ${r}: import ${imp.toFixed(2)} s (${Math.round(ROWS / imp)} rows/s, gateway CPU ${importCpu[importCpu.length - 1].toFixed(0)} µs/row), COPY ${copy.toFixed(2)} s (${Math.round(ROWS / copy)} rows/s), import/COPY ${(imp / copy).toFixed(1)}x`,
      );
      if (FLOOR) {
        const floor = await runFloor();
        floors.push(floor / copy);
        console.log(
          `round ${r} floor: INSERT ... SELECT of the imported rows ${floor.toFixed(2)} s (${Math.round(ROWS / floor)} rows/s), floor/COPY ${(floor / copy).toFixed(1)}x, import/floor ${(imp / floor).toFixed(1)}x`,
        );
      }
      // CPU per row (gateway process + its PostgreSQL server processes): what the work costs whatever
      // else shares the cores; the wall-time ratio above moves with the host's load
      const [gw, srv, cp] = [importCpu, importServerCpu, copyServerCpu].map((a) => a[a.length - 1]);
      const fl = floorServerCpu[floorServerCpu.length - 1];
      console.log(
        `round ${r} CPU µs/row: import ${(gw + srv).toFixed(0)} (gateway ${gw.toFixed(0)} + server ${srv.toFixed(0)}), COPY server ${cp.toFixed(1)}${FLOOR ? `, floor server ${fl.toFixed(0)}` : ''}, import/COPY by CPU ${((gw + srv) / cp).toFixed(1)}x`,
      );
    }
    const sorted = [...ratios].sort((a, b) => a - b);
    if (floors.length) {
      const f = [...floors].sort((a, b) => a - b);
      console.log(
        `floor/COPY ratio: median ${f[Math.floor(f.length / 2)].toFixed(1)}x, range ${f[0].toFixed(1)}-${f[f.length - 1].toFixed(1)}x`,
      );
    }
    console.log(
      `import/COPY ratio: median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)}x, range ${sorted[0].toFixed(1)}-${sorted[sorted.length - 1].toFixed(1)}x`,
    );
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
    rmSync(file, { force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
