/**
 * Where a bulk import row's time goes: each per-row step of BulkImportService timed in isolation
 * over N rows of the hub bulk bench file (validation, personRef HMAC, AES-GCM, createEvent, and the
 * chunk SQL of a real import on a fresh schema, measured as the import minus its CPU steps).
 * Usage: node -r @swc-node/register apps/hub-gateway/bench/hub-bulk-profile.ts   (BENCH_ROWS, default 20000)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { messagingEntities } from '@civic/messaging';
import { AuditLogEntry, AuditLogTable1764300000000 } from '@civic/platform';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { BulkImportService } from '../src/bulk/bulk-import.service';
import { randomUUID } from 'node:crypto';
import { createEvent, Sources } from '@civic/contracts';
import { AuditLog } from '@civic/platform';
import { Outbox } from '@civic/messaging';
import { readHeader, toRecord } from '../src/bulk/csv-record';
import { HubGatewayConfig } from '../src/hub-gateway.config';
import { PersonIdentityService } from '../src/identity/person-identity.service';
import { EVENT_OF_RECORD_TYPE, ValidRecord } from '../src/life-events/life-event-record';
import { LifeEventsService } from '../src/life-events/life-events.service';
import { SendersService } from '../src/senders/senders.service';
import { HUB_GATEWAY_MIGRATIONS } from '../src/hub-gateway.migrations';
import { databaseUrlFromInfraEnv } from '@civic/testing';
import { BILL_HEADER, billCells } from './bench-bills';

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);

function time<T>(label: string, n: number, fn: (i: number) => T): T[] {
  const out: T[] = new Array(n);
  for (let i = 0; i < Math.min(n, 500); i++) fn(i); // warm-up (compiles validators, JIT)
  const t = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  for (let i = 0; i < n; i++) out[i] = fn(i);
  const us = Number(process.hrtime.bigint() - t) / 1e3 / n;
  // CPU time beside wall time: on a shared host the wall time of a step also counts other processes' turns
  const used = process.cpuUsage(cpu);
  const cpuUs = (used.user + used.system) / n;
  console.log(`${label.padEnd(34)} ${us.toFixed(1).padStart(7)} µs/row (CPU ${cpuUs.toFixed(1)})`);
  return out;
}

const columns = (
  readHeader({
    line: 1,
    cells: BILL_HEADER.split(','),
  }) as { columns: string[] }
).columns;
const rows = Array.from({ length: ROWS }, (_, i) => ({ line: i + 2, cells: billCells(i) }));
const config = Object.assign(new HubGatewayConfig(), {
  PERSON_REF_KEYS: { current: 'b1', keys: { b1: `hex:${randomBytes(32).toString('hex')}` } },
  ID_ENCRYPTION_KEYS: { current: 'b1', keys: { b1: `hex:${randomBytes(32).toString('hex')}` } },
});
const identities = new PersonIdentityService(config, new AuditLog());
const lifeEvents = new LifeEventsService(identities, new Outbox());

console.log(`hub bulk import, per-row steps over ${ROWS} rows`);
const records = time('toRecord (CSV cells -> record)', ROWS, (i) => toRecord(columns, rows[i]));
const checks = time('validation (checkRecord)', ROWS, (i) => lifeEvents.check(records[i]));
const valid = checks.map((c) => (c.ok ? c.record : undefined)).filter((r): r is ValidRecord => !!r);
if (valid.length !== ROWS) throw new Error('every bench row must be valid');
// the bulk import's own path: the check computes the personRefs, validates the real payload and
// builds the event in one createEvent call (life-event-record.ts RecordEvents)
time('check + personRef + event (bulk)', ROWS, (i) =>
  lifeEvents.check(records[i], {
    identify: (n) => identities.identify(n),
    origin: () => ({ source: Sources.hub, correlationId: 'bulk:x', id: randomUUID() }),
  }),
);
const ids = time('personRef HMAC + mask', ROWS, (i) => identities.identify(valid[i].idNumber));
time('personRef + mask + AES-GCM', ROWS, (i) => identities.encryptedRow(valid[i].idNumber));
time('AES-GCM (refs known)', ROWS, (i) => identities.encryptedRow(valid[i].idNumber, ids[i]));
const payloads = valid.map((r, i) => ({
  recordId: r.recordId,
  personRef: ids[i].personRef,
  maskedId: ids[i].maskedId,
  ...r.data,
}));
const events = time('createEvent', ROWS, (i) =>
  createEvent(EVENT_OF_RECORD_TYPE['hospital-bill'], payloads[i] as never, {
    source: Sources.hub,
    correlationId: 'bulk:x',
  }),
);
time(
  'JSON.stringify (record + outbox)',
  ROWS,
  (i) => JSON.stringify(payloads[i]).length + JSON.stringify(events[i]).length,
);

// The SQL share: a real import of the same rows, with the time inside the chunk transactions
// (statements and their parameter building) separated from the rest (parse, validate, crypto, events).
// The next chunk is prepared while a transaction runs, so the transaction time includes that overlap.
async function importSplit(): Promise<void> {
  const url = databaseUrlFromInfraEnv();
  const schema = `bench_hubprof_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const ds = new DataSource({
    type: 'postgres',
    url,
    schema,
    extra: { options: `-c search_path=${schema}` },
    entities: [AuditLogEntry, ...messagingEntities],
    migrations: [AuditLogTable1764300000000, ...HUB_GATEWAY_MIGRATIONS],
    poolSize: 4,
  });
  try {
    await ds.initialize();
    await ds.runMigrations();
    let inTx = 0n;
    const transaction = ds.transaction.bind(ds) as (fn: unknown) => Promise<unknown>;
    const perStatement = new Map<string, bigint>();
    (ds as unknown as { transaction: unknown }).transaction = async (
      fn: (tx: { query: (sql: string, params?: unknown[]) => Promise<unknown> }) => Promise<unknown>,
    ) => {
      const t = process.hrtime.bigint();
      try {
        return await transaction(async (tx: { query: (sql: string, params?: unknown[]) => Promise<unknown> }) => {
          const query = tx.query.bind(tx);
          tx.query = async (sql, params) => {
            const s = process.hrtime.bigint();
            try {
              return await query(sql, params);
            } finally {
              const key = sql.replace(/\s+/g, ' ').slice(0, 40);
              perStatement.set(key, (perStatement.get(key) ?? 0n) + process.hrtime.bigint() - s);
            }
          };
          return fn(tx);
        });
      } finally {
        inTx += process.hrtime.bigint() - t;
      }
    };
    const csv = [BILL_HEADER, ...rows.map((r) => r.cells.join(','))].join('\n') + '\n';
    const importer = new BulkImportService(ds, lifeEvents, identities, new SendersService(), config);
    const t = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const p = await importer.run(Readable.from([Buffer.from(csv)]), 'bench-hub');
    const total = process.hrtime.bigint() - t;
    const used = process.cpuUsage(cpu);
    if (p.rowsAccepted !== ROWS) throw new Error(`import accepted ${p.rowsAccepted}`);
    const us = (ns: bigint) => (Number(ns) / 1e3 / ROWS).toFixed(1).padStart(7);
    console.log(`${'import, chunk transactions (SQL)'.padEnd(34)} ${us(inTx)} µs/row`);
    console.log(`${'import, no transaction in flight'.padEnd(34)} ${us(total - inTx)} µs/row`);
    for (const [sql, ns] of perStatement) console.log(`  ${sql.padEnd(42)} ${us(ns)} µs/row`);
    console.log(
      `${'import, total'.padEnd(34)} ${us(total)} µs/row (${Math.round(ROWS / (Number(total) / 1e9))} rows/s; gateway CPU ${((used.user + used.system) / ROWS).toFixed(1)} µs/row)`,
    );
  } finally {
    if (ds.isInitialized) await ds.destroy();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

importSplit().catch((e) => {
  console.error(e);
  process.exit(1);
});
