/**
 * Where a bulk import chunk's transaction time goes, statement by statement, with nothing else
 * running in the process: the import's array parameters (pg's client-side array escaping timed
 * apart from the server) against COPY of the same prepared rows into a temporary staging table
 * followed by the same set-based INSERT ... SELECT. Same rows, same tables, alternating order.
 * Usage: node -r @swc-node/register apps/hub-gateway/bench/hub-bulk-sql.ts   (BENCH_ROWS 20000, BENCH_CHUNK 1000)
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { EventEnvelope, findEventDefinition, toKafkaRecord } from '@civic/contracts';
import { Outbox, pendingTableSql } from '@civic/messaging';
import { AuditLog } from '@civic/platform';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BulkImportService } from '../src/bulk/bulk-import.service';
import { HubGatewayConfig } from '../src/hub-gateway.config';
import { PersonIdentityService } from '../src/identity/person-identity.service';
import { LifeEventsService } from '../src/life-events/life-events.service';
import { SendersService } from '../src/senders/senders.service';
import { databaseUrlFromInfraEnv } from '@civic/testing';
import { BILL_HEADER, billCells } from './bench-bills';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prepareValue } = require('pg/lib/utils') as { prepareValue: (v: unknown) => unknown };

const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const CHUNK = Number(process.env.BENCH_CHUNK ?? 1000);

interface Prepared {
  valid: {
    record: { recordId: string; recordType: string };
    eventId: string | null;
    personRef: string;
    payload: object;
    event?: EventEnvelope;
    def?: { type: string };
  }[];
  identities: [string, string, string][];
}

/** COPY text format: backslash, tab, newline and carriage return escaped; null as \N. */
const copyCell = (v: string | null) =>
  v === null ? '\\N' : v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
const copyText = (rows: (string | null)[][]) => rows.map((r) => r.map(copyCell).join('\t')).join('\n') + '\n';

async function main() {
  const url = databaseUrlFromInfraEnv();
  const schema = `bench_hubsql_${randomBytes(4).toString('hex')}`;
  const c = new Client({ connectionString: url, options: `-c search_path=${schema}` });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  try {
    await c.query(`CREATE TABLE hub_record (sender_id text NOT NULL, record_id text NOT NULL, record_type text NOT NULL,
      person_ref text NOT NULL, message_id text NOT NULL, event_id uuid, event_type text, payload jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (sender_id, record_id))`);
    await c.query(`CREATE INDEX hub_record_person ON hub_record (person_ref)`);
    await c.query(`CREATE TABLE outbox_message (id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, topic text NOT NULL,
      message_key text NOT NULL, event_type text NOT NULL, payload text NOT NULL, headers jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now())`);
    for (const sql of pendingTableSql(schema)) await c.query(sql);
    await c.query(`CREATE TABLE person_identity (person_ref text PRIMARY KEY, masked_id text NOT NULL, encrypted_id text NOT NULL,
      first_seen_at timestamptz NOT NULL DEFAULT now())`);
    await c.query(
      `CREATE TEMP TABLE st_record (ord int, record_id text, record_type text, person_ref text, event_id uuid, event_type text, payload text)`,
    );
    await c.query(
      `CREATE TEMP TABLE st_outbox (ord int, event_id uuid, topic text, message_key text, event_type text, payload text, headers text)`,
    );
    await c.query(`CREATE TEMP TABLE st_identity (person_ref text, masked_id text, encrypted_id text)`);

    const config = Object.assign(new HubGatewayConfig(), {
      PERSON_REF_KEYS: { current: 'b1', keys: { b1: `hex:${randomBytes(32).toString('hex')}` } },
      ID_ENCRYPTION_KEYS: { current: 'b1', keys: { b1: `hex:${randomBytes(32).toString('hex')}` } },
    });
    const identities = new PersonIdentityService(config, new AuditLog());
    const importer = new BulkImportService(
      null as never,
      new LifeEventsService(identities, new Outbox()),
      identities,
      new SendersService(),
      config,
    );
    const columns = BILL_HEADER.split(',');
    const chunks: Prepared[] = [];
    for (let start = 0; start < ROWS; start += CHUNK) {
      const rows = Array.from({ length: Math.min(CHUNK, ROWS - start) }, (_, k) => ({
        line: start + k + 2,
        cells: billCells(start + k),
      }));
      chunks.push(
        await (importer as unknown as { prepareChunk: (...a: unknown[]) => Promise<Prepared> }).prepareChunk(
          'x',
          columns,
          rows,
        ),
      );
    }

    const totals = new Map<string, number>();
    const add = (k: string, ns: bigint) => totals.set(k, (totals.get(k) ?? 0) + Number(ns));
    const timed = async <T>(k: string, fn: () => Promise<T> | T): Promise<T> => {
      const t = process.hrtime.bigint();
      try {
        return await fn();
      } finally {
        add(k, process.hrtime.bigint() - t);
      }
    };
    const outboxColumns = (events: EventEnvelope[]) =>
      events.map((e) => {
        const topic = findEventDefinition(e.type, e.dataversion)?.topic as string;
        const r = toKafkaRecord(e, topic);
        return [e.id, topic, r.key, e.type, r.value, JSON.stringify(r.headers)];
      });

    const viaArrays = async (ch: Prepared) => {
      const recordParams = await timed('arrays: build + JSON (client)', () => [
        'bench',
        'bulk:x',
        ch.valid.map((v) => v.record.recordId),
        ch.valid.map((v) => v.record.recordType),
        ch.valid.map((v) => v.personRef),
        ch.valid.map((v) => v.eventId),
        ch.valid.map((v) => v.def?.type ?? null),
        ch.valid.map((v) => JSON.stringify(v.payload)),
      ]);
      const ob = await timed('arrays: build + JSON (client)', () => {
        const rows = outboxColumns(ch.valid.map((v) => v.event as EventEnvelope));
        return [0, 1, 2, 3, 4, 5].map((i) => rows.map((r) => r[i]));
      });
      const ids = ch.identities;
      const idParams = [ids.map((i) => i[0]), ids.map((i) => i[1]), ids.map((i) => i[2])];
      // what pg does to array parameters, done here once to time it: the queries get the literals
      const [recordText, obText, idText] = await timed('arrays: pg array escaping (client)', () => [
        recordParams.map(prepareValue),
        ob.map(prepareValue),
        idParams.map(prepareValue),
      ]);
      await c.query('BEGIN');
      await timed('arrays: INSERT hub_record (round trip)', () =>
        c.query(
          `INSERT INTO hub_record (sender_id, record_id, record_type, person_ref, message_id, event_id, event_type, payload)
         SELECT $1, r.record_id, r.record_type, r.person_ref, $2, r.event_id, r.event_type, r.payload::jsonb
         FROM unnest($3::text[], $4::text[], $5::text[], $6::uuid[], $7::text[], $8::text[]) WITH ORDINALITY AS r(record_id, record_type, person_ref, event_id, event_type, payload, ord)
         ORDER BY r.ord ON CONFLICT DO NOTHING RETURNING event_id`,
          recordText,
        ),
      );
      await timed('arrays: INSERT outbox (round trip)', () =>
        c.query(
          `INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers)
         SELECT e.event_id, e.topic, e.message_key, e.event_type, e.payload, e.headers::jsonb
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS e(event_id, topic, message_key, event_type, payload, headers, ord)
         ORDER BY e.ord`,
          obText,
        ),
      );
      await timed('arrays: INSERT person_identity (round trip)', () =>
        c.query(
          `INSERT INTO person_identity (person_ref, masked_id, encrypted_id) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (person_ref) DO NOTHING`,
          idText,
        ),
      );
      await timed('arrays: COMMIT', () => c.query('COMMIT'));
    };

    const copy = (sql: string, text: string) => pipeline(Readable.from([text]), c.query(copyFrom(sql)));
    const viaCopy = async (ch: Prepared) => {
      const texts = await timed('copy: build + JSON + COPY text (client)', () => {
        const rec = copyText(
          ch.valid.map((v, i) => [
            String(i),
            v.record.recordId,
            v.record.recordType,
            v.personRef,
            v.eventId,
            v.def?.type ?? null,
            JSON.stringify(v.payload),
          ]),
        );
        const ob = copyText(
          outboxColumns(ch.valid.map((v) => v.event as EventEnvelope)).map((r, i) => [String(i), ...r]),
        );
        const id = copyText(ch.identities);
        return { rec, ob, id };
      });
      await c.query('BEGIN');
      await timed('copy: COPY into 3 staging tables', async () => {
        await copy(`COPY st_record FROM STDIN`, texts.rec);
        await copy(`COPY st_outbox FROM STDIN`, texts.ob);
        await copy(`COPY st_identity FROM STDIN`, texts.id);
      });
      await timed('copy: INSERT hub_record from staging', () =>
        c.query(
          `INSERT INTO hub_record (sender_id, record_id, record_type, person_ref, message_id, event_id, event_type, payload)
         SELECT 'bench', record_id, record_type, person_ref, 'bulk:x', event_id, event_type, payload::jsonb FROM st_record ORDER BY ord
         ON CONFLICT DO NOTHING RETURNING event_id`,
        ),
      );
      await timed('copy: INSERT outbox from staging', () =>
        c.query(
          `INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers)
         SELECT event_id, topic, message_key, event_type, payload, headers::jsonb FROM st_outbox ORDER BY ord`,
        ),
      );
      await timed('copy: INSERT person_identity from staging', () =>
        c.query(
          `INSERT INTO person_identity SELECT person_ref, masked_id, encrypted_id FROM st_identity ON CONFLICT (person_ref) DO NOTHING`,
        ),
      );
      await timed('copy: TRUNCATE staging', () => c.query(`TRUNCATE st_record, st_outbox, st_identity`));
      await timed('copy: COMMIT', () => c.query('COMMIT'));
    };

    const [{ pid }] = (await c.query(`SELECT pg_backend_pid() AS pid`)).rows;
    // the server process's CPU (µs) from /proc (PostgreSQL runs on this host; ticks of 10 ms)
    const serverCpu = () => {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(f[11]) + Number(f[12])) * 10_000;
    };
    for (const [round, order] of [
      ['arrays', 'copy'],
      ['copy', 'arrays'],
      ['arrays', 'copy'],
    ].entries()) {
      for (const how of order) {
        await c.query(`TRUNCATE hub_record, outbox_message, outbox_pending, person_identity`);
        const t = process.hrtime.bigint();
        const [cpu, server] = [process.cpuUsage(), serverCpu()];
        for (const ch of chunks) await (how === 'arrays' ? viaArrays(ch) : viaCopy(ch));
        add(`${how}: total (round ${round + 1})`, process.hrtime.bigint() - t);
        const used = process.cpuUsage(cpu);
        add(`${how}: CPU client (round ${round + 1})`, BigInt(Math.round((used.user + used.system) * 1e3)));
        add(`${how}: CPU server (round ${round + 1})`, BigInt((serverCpu() - server) * 1e3));
      }
    }
    console.log(
      `hub bulk chunk SQL, ${ROWS} rows in chunks of ${CHUNK}, 3 rounds (per-step figures summed over the rounds)`,
    );
    for (const [k, ns] of [...totals].sort()) {
      const perRow = k.includes('round') ? ns / 1e3 / ROWS : ns / 1e3 / ROWS / 3;
      console.log(`${k.padEnd(48)} ${perRow.toFixed(1).padStart(7)} µs/row`);
    }
    await c.query(`TRUNCATE hub_record, outbox_message, outbox_pending, person_identity`);
    await viaArrays(chunks[0]);
    await c.query(`TRUNCATE hub_record`);
    const plan = await c.query(
      `EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) INSERT INTO hub_record (sender_id, record_id, record_type, person_ref, message_id, event_id, event_type, payload)
         SELECT 'bench', r.record_id, r.record_type, r.person_ref, 'bulk:x', r.event_id, r.event_type, r.payload::jsonb
         FROM unnest($1::text[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[]) WITH ORDINALITY AS r(record_id, record_type, person_ref, event_id, event_type, payload, ord)
         ORDER BY r.ord ON CONFLICT DO NOTHING RETURNING event_id`,
      [
        chunks[1].valid.map((v) => v.record.recordId),
        chunks[1].valid.map((v) => v.record.recordType),
        chunks[1].valid.map((v) => v.personRef),
        chunks[1].valid.map((v) => v.eventId),
        chunks[1].valid.map((v) => v.def?.type ?? null),
        chunks[1].valid.map((v) => JSON.stringify(v.payload)),
      ],
    );
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
  } finally {
    await c.query(`DROP SCHEMA ${schema} CASCADE`);
    await c.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
