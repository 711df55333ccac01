import { randomUUID } from 'node:crypto';
import { ClientBase, Pool, PoolClient } from 'pg';
import { messagingMigrations } from '@civic/messaging';
import { DataSource } from 'typeorm';
import { FaultFixtureSchema1765900000000 } from '../../faults/fixture-service/fixture-schema.migration';
import { PairResult } from '../bench-stats';
import { BenchEnv } from './bench-env';
import { meterWindow } from './sql-meter';

/** One record of P5c's log. */
export interface LedgerRecord {
  eventId: string;
  counter: string;
  seq: number;
  partition: number;
  offset: number;
}

/**
 * The consumer bottleneck, database side only (prototype for libs/messaging, not wired in):
 * applying N fetched records the way InboxConsumer did before docs/adr/0011 (one transaction per record:
 * claim the inbox row and read the hold in one statement, the handler's writes, commit) vs one
 * transaction per fetched batch (all inbox rows claimed in one INSERT … RETURNING, the holds read
 * once, the effects written with multi-row statements). Three partitions in parallel, as the
 * consumer runs them (partitionsConsumedConcurrently 3). Raw pg on both sides.
 */
export async function consumerApply(env: BenchEnv, n: number, batch = 100): Promise<PairResult> {
  const result: PairResult = {
    id: 'P5c',
    title: `consumer apply, ${n} records (prototype)`,
    project: 'one transaction per fetched batch (prototype)',
    baseline: 'one transaction per record (the InboxConsumer before docs/adr/0011)',
    kind: 'throughput',
    rounds: [],
    notes: [],
  };
  const s = await env.schema('p5c');
  const ds = await new DataSource({
    type: 'postgres',
    url: s.url,
    migrations: [...messagingMigrations, FaultFixtureSchema1765900000000],
  }).initialize();
  await ds.runMigrations({ transaction: 'all' });
  await ds.destroy();
  const pool = new Pool({ connectionString: s.url, max: 6 });
  const make = (): LedgerRecord[][] => {
    const parts: LedgerRecord[][] = [[], [], []];
    for (let i = 0; i < n; i++) {
      const counter = `c${i % 300}`;
      parts[(i % 300) % 3].push({
        eventId: randomUUID(),
        counter,
        seq: Math.floor(i / 300) + 1,
        partition: (i % 300) % 3,
        offset: parts[(i % 300) % 3].length,
      });
    }
    return parts;
  };
  const reset = () => pool.query(`TRUNCATE inbox_message, fault_effect, fault_applied`);
  const perRecord = async (parts: LedgerRecord[][]) => {
    const t0 = performance.now();
    await Promise.all(
      parts.map(async (recs) => {
        const c = await pool.connect();
        try {
          for (const r of recs) {
            await c.query('BEGIN');
            const { rows } = await c.query(
              `WITH claimed AS (INSERT INTO inbox_message (consumer, event_id, event_type, topic, kafka_partition, kafka_offset) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING 1)
             SELECT (SELECT count(*) FROM claimed)::int AS claimed, (SELECT first_dead_letter_id FROM dead_letter_hold WHERE consumer = $1 AND topic = $4 AND message_key = $7 FOR SHARE) AS held`,
              ['ledger', r.eventId, 'faults.counter.incremented', 't', r.partition, r.offset, r.counter],
            );
            if (rows[0].claimed === 1) await applyOne(c, r);
            await c.query('COMMIT');
          }
        } finally {
          c.release();
        }
      }),
    );
    return (n * 1000) / (performance.now() - t0);
  };
  const perBatch = async (parts: LedgerRecord[][]) => {
    const t0 = performance.now();
    await Promise.all(
      parts.map(async (recs) => {
        const c = await pool.connect();
        try {
          for (let i = 0; i < recs.length; i += batch) {
            const chunk = recs.slice(i, i + batch);
            await applyBatchRaw(c, chunk);
          }
        } finally {
          c.release();
        }
      }),
    );
    return (n * 1000) / (performance.now() - t0);
  };
  const check = async () => {
    const [{ bad, total }] = (
      await pool.query(
        `SELECT count(*) FILTER (WHERE seq <> expected_seq)::int AS bad, count(*)::int AS total FROM fault_effect`,
      )
    ).rows;
    if (bad !== 0 || total !== n)
      throw new Error(`consumer-apply prototype wrote ${total} effects with ${bad} order violations`);
  };
  try {
    for (let r = -1; r < env.rounds; r++) {
      await reset();
      const b = await perRecord(make());
      await check();
      await reset();
      // statements and CPU of the per-batch side, the same meter as bench/inbox-drain.ts puts around the consumer
      const meter = meterWindow();
      const p = await perBatch(make());
      const cpu = meter.end(n, Math.ceil(n / 3 / batch) * 3);
      await check();
      if (r >= 0) result.rounds.push({ project: { perSec: p }, baseline: { perSec: b } });
      if (r >= 0)
        env.log(`P5c round ${r + 1}: per batch ${p.toFixed(0)}/s, per record ${b.toFixed(0)}/s; per batch ${cpu.text}`);
    }
    result.notes.push(
      `batches of ${batch} records per partition; both sides checked to write exactly N effects with 0 order violations`,
    );
  } finally {
    await pool.end();
    await s.drop();
  }
  return result;
}

async function applyOne(c: PoolClient, r: LedgerRecord): Promise<void> {
  const { rows } = await c.query(
    `WITH prev AS (SELECT seq FROM fault_applied WHERE counter_id = $1 FOR UPDATE),
          up AS (INSERT INTO fault_applied (counter_id, seq) VALUES ($1, $2) ON CONFLICT (counter_id) DO UPDATE SET seq = GREATEST(fault_applied.seq, EXCLUDED.seq))
     SELECT COALESCE((SELECT seq FROM prev), 0) AS last`,
    [r.counter, r.seq],
  );
  await c.query(
    `INSERT INTO fault_effect (counter_id, seq, expected_seq, event_id, consumer_pid) VALUES ($1, $2, $3, $4, $5)`,
    [r.counter, r.seq, rows[0].last + 1, r.eventId, process.pid],
  );
}

/**
 * P5c's one transaction for a batch of records, in raw pg: the inbox rows claimed in one INSERT,
 * the holds read once, then the same effect as applyOne for the claimed records (previous seq per
 * counter, effect rows, the counters' last seq) in multi-row statements.
 */
export async function applyBatchRaw(c: ClientBase, chunk: LedgerRecord[], pid = process.pid): Promise<void> {
  await c.query('BEGIN');
  const { rows } = await c.query(
    `INSERT INTO inbox_message (consumer, event_id, event_type, topic, kafka_partition, kafka_offset)
     SELECT 'ledger', e, 'faults.counter.incremented', 't', p, o FROM unnest($1::text[], $2::int[], $3::bigint[]) AS x(e, p, o)
     ON CONFLICT DO NOTHING RETURNING event_id`,
    [chunk.map((r) => r.eventId), chunk.map((r) => r.partition), chunk.map((r) => r.offset)],
  );
  const claimed = new Set(rows.map((x) => x.event_id));
  await c.query(
    `SELECT message_key FROM dead_letter_hold WHERE consumer = 'ledger' AND topic = 't' AND message_key = ANY($1) FOR SHARE`,
    [[...new Set(chunk.map((r) => r.counter))]],
  );
  const todo = chunk.filter((r) => claimed.has(r.eventId));
  // the same effect as applyOne, for many records: previous seq per counter, then rows
  const { rows: prev } = await c.query(
    `SELECT counter_id, seq FROM fault_applied WHERE counter_id = ANY($1) FOR UPDATE`,
    [[...new Set(todo.map((r) => r.counter))]],
  );
  const last = new Map<string, number>(prev.map((p) => [p.counter_id, p.seq]));
  const expected = todo.map((r) => {
    const e = (last.get(r.counter) ?? 0) + 1;
    last.set(r.counter, Math.max(last.get(r.counter) ?? 0, r.seq));
    return e;
  });
  await c.query(
    `INSERT INTO fault_effect (counter_id, seq, expected_seq, event_id, consumer_pid) SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::text[], $5::int[])`,
    [todo.map((r) => r.counter), todo.map((r) => r.seq), expected, todo.map((r) => r.eventId), todo.map(() => pid)],
  );
  await c.query(
    `INSERT INTO fault_applied (counter_id, seq) SELECT * FROM unnest($1::text[], $2::int[]) ON CONFLICT (counter_id) DO UPDATE SET seq = GREATEST(fault_applied.seq, EXCLUDED.seq)`,
    [[...last.keys()], [...last.values()]],
  );
  await c.query('COMMIT');
}
