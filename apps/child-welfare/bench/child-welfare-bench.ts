/**
 * Child welfare: re-classification after a burst of parent-situation events, and the monthly allowance
 * run, each against a raw baseline in the same run on the same database (docs/benchmarks.md, section
 * "Child welfare: re-classification and allowance run").
 *
 * Population: BENCH_CHILDREN children in families of two, every mother recorded dead. The first
 * BENCH_EVENTS families have a father with no recorded situation (category none); every other family's
 * father is already imprisoned (de-facto unsupported, with an active grant).
 *
 * A. Re-classification: BENCH_EVENTS hub imprisonment events, one per father of the first families, each
 *    applied as the listener applies it (Reclassification.recordSituation: the situation row, every child of
 *    the parent re-classified with its change row, category event and pending grant), BENCH_BATCH events per
 *    transaction as the inbox consumer runs them (docs/adr/0007-inbox-batching.md). Baseline: the same situation rows and the same child rows changed by set-based SQL in one
 *    transaction (INSERT ... SELECT unnest, one UPDATE ... FROM), no events, no grants.
 * B. Allowance run: the pending grants approved (SQL), then AllowancePaymentsService.start for the month:
 *    one payment and one child-welfare.payment.issued outbox row per child. Baseline: COPY of the same
 *    payment rows into a table of the same shape.
 *
 * Kafka and the inbox table are not part of A: the events are applied in-process as the listener applies them.
 * Usage: npm run bench:child-welfare [-- --append]   (--append writes docs/benchmarks.md)
 * Tunables: BENCH_CHILDREN (200000), BENCH_EVENTS (20000), BENCH_BATCH (100), BENCH_ROUNDS (1),
 * BENCH_PROFILE (1: time SQL by statement).
 */
import 'reflect-metadata';
import { DEFAULT_BATCH_SIZE, messagingEntities, Outbox } from '@civic/messaging';
import { AuditLog, AuditLogTable1764300000000, AuthenticatedUser, Clock } from '@civic/platform';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource, EntityManager } from 'typeorm';
import { AllowancesService } from '../src/allowances/allowances.service';
import { Reclassification } from '../src/classification/reclassification.service';
import { ChildParameters } from '../src/parameters/child-parameters';
import { AllowancePaymentsService } from '../src/payments/allowance-payments.service';
import { CHILD_WELFARE_MIGRATIONS } from '../src/child-welfare.migrations';
import { databaseUrlFromInfraEnv } from '@civic/testing';

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 200_000);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const PROFILE = process.env.BENCH_PROFILE !== '0';
/** Events per transaction: the inbox consumer's default run length (libs/messaging DEFAULT_BATCH_SIZE). */
const BATCH = Number(process.env.BENCH_BATCH ?? DEFAULT_BATCH_SIZE);
const FAMILIES = CHILDREN / 2;
const EVENT_DATE = '2026-03-10';
const MONTH = '2026-04';
const TOWNS = ['442000100', '442000101', '442000102', '442000103', '442000104'];
const RESULTS_MARKER = '<!-- bench:child-welfare results go above this line -->';
const root = resolve(__dirname, '..', '..', '..');

if (!Number.isInteger(FAMILIES) || EVENTS > FAMILIES)
  throw new Error('BENCH_CHILDREN must be even and ≥ 2 × BENCH_EVENTS');

class FixedClock extends Clock {
  constructor(private readonly at: string) {
    super();
  }
  now(): Date {
    return new Date(this.at);
  }
}

const ref = (kind: string, i: number | string) => `bench:${kind}${String(i).padStart(42, '0')}`;
const refSql = (kind: string, expr: string) => `'bench:${kind}' || lpad((${expr})::text, 42, '0')`;

/** Children 2f-1 and 2f of family f; families 1..EVENTS have a father with no situation yet. */
async function seed(c: Client): Promise<void> {
  await c.query(
    `TRUNCATE child, person, parent_situation, child_category_change, allowance, allowance_payment, allowance_payment_run, outbox_message, outbox_pending CASCADE`,
  );
  await c.query(`INSERT INTO person (person_ref, masked_id, id_number_encrypted)
    SELECT ${refSql('c', 'i')}, '442000********0000', 'bench' FROM generate_series(1, ${CHILDREN}) AS i
    UNION ALL SELECT ${refSql('m', 'f')}, '442000********0000', 'bench' FROM generate_series(1, ${FAMILIES}) AS f
    UNION ALL SELECT ${refSql('f', 'f')}, '442000********0000', 'bench' FROM generate_series(1, ${FAMILIES}) AS f`);
  await c.query(`INSERT INTO parent_situation (person_ref, situation, since, recorded_from)
    SELECT ${refSql('m', 'f')}, 'dead', date '2024-01-01', 'bench' FROM generate_series(1, ${FAMILIES}) AS f
    UNION ALL SELECT ${refSql('f', 'f')}, 'imprisoned', date '2024-01-01', 'bench' FROM generate_series(${EVENTS + 1}, ${FAMILIES}) AS f`);
  await c.query(`INSERT INTO child (child_id, person_ref, birth_date, sex, town, village, mother_ref, father_ref, care_mode,
      category, category_basis, category_from, age_out_date, registered_by)
    SELECT 'child-' || lpad(i::text, 8, '0'), ${refSql('c', 'i')}, '2015-06-01', 'female',
      (ARRAY['${TOWNS.join("','")}'])[1 + i % ${TOWNS.length}], '442000100001',
      ${refSql('m', '(i + 1) / 2')}, ${refSql('f', '(i + 1) / 2')}, 'family',
      CASE WHEN (i + 1) / 2 <= ${EVENTS} THEN 'none' ELSE 'de-facto-unsupported' END, 'seeded', '2024-01-01', '2033-06-01', 'bench'
    FROM generate_series(1, ${CHILDREN}) AS i`);
  await c.query(`INSERT INTO allowance (grant_id, child_id, category, care_mode, monthly_amount_fen, status, effective_from, parameters, approved_by)
    SELECT 'cg-seed-' || child_id, child_id, category, care_mode, 155000, 'active', '2024-01-01', '{}', 'bench-approver'
    FROM child WHERE category = 'de-facto-unsupported'`);
  await c.query('ANALYZE');
}

/** Time per SQL statement kind, by wrapping EntityManager.query (the statement's first words). */
const sqlTimes = { reclassification: new Map<string, SqlTime>(), run: new Map<string, SqlTime>() };
type SqlTime = { n: number; ms: number };
let profiling: Map<string, SqlTime> | undefined;
function profileQueries(): void {
  const original = EntityManager.prototype.query;
  EntityManager.prototype.query = async function (this: EntityManager, q: string, p?: unknown[]) {
    if (!profiling) return original.call(this, q, p);
    const start = process.hrtime.bigint();
    try {
      return await original.call(this, q, p);
    } finally {
      const key = q.replace(/\s+/g, ' ').trim().slice(0, 70);
      const e = profiling!.get(key) ?? { n: 0, ms: 0 };
      e.n++;
      e.ms += Number(process.hrtime.bigint() - start) / 1e6;
      profiling!.set(key, e);
    }
  } as typeof original;
}

/** The events in runs of BATCH, one transaction per run, as the inbox consumer applies them (docs/adr/0007-inbox-batching.md). */
async function timeReclassification(ds: DataSource, r: Reclassification): Promise<number> {
  const origin = { source: '/civic/child-welfare' };
  const start = process.hrtime.bigint();
  for (let first = 1; first <= EVENTS; first += BATCH)
    await ds.transaction(async (m) => {
      for (let f = first; f < first + BATCH && f <= EVENTS; f++)
        await r.recordSituation(m, ref('f', f), 'imprisoned', EVENT_DATE, 'hub', origin);
    });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function timeSetBased(c: Client): Promise<number> {
  const fathers = Array.from({ length: EVENTS }, (_, i) => ref('f', i + 1));
  const start = process.hrtime.bigint();
  await c.query('BEGIN');
  await c.query(
    `INSERT INTO parent_situation (person_ref, situation, since, recorded_from) SELECT unnest($1::text[]), 'imprisoned', $2::date, 'hub' ON CONFLICT DO NOTHING`,
    [fathers, EVENT_DATE],
  );
  await c.query(
    `UPDATE child c SET category = 'de-facto-unsupported', category_basis = 'Neither parent can raise the child (set-based).', category_from = $2
      FROM unnest($1::text[]) AS f(ref) WHERE c.father_ref = f.ref AND c.status = 'active'`,
    [fathers, EVENT_DATE],
  );
  await c.query('COMMIT');
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function checkReclassified(c: Client, expectEvents: boolean): Promise<void> {
  const [{ n }] = (await c.query(`SELECT count(*)::int AS n FROM child WHERE category = 'de-facto-unsupported'`)).rows;
  if (n !== CHILDREN) throw new Error(`${n} children de-facto unsupported, expected ${CHILDREN}`);
  if (!expectEvents) return;
  const [{ e }] = (
    await c.query(
      `SELECT count(*)::int AS e FROM outbox_message WHERE event_type = 'child-welfare.child.category-classified'`,
    )
  ).rows;
  if (e !== EVENTS * 2) throw new Error(`${e} category events, expected ${EVENTS * 2}`);
}

async function approveAll(c: Client): Promise<void> {
  await c.query(
    `UPDATE allowance SET status = 'active', effective_from = $1, approved_by = 'bench-approver' WHERE status = 'pending'`,
    [EVENT_DATE],
  );
  await c.query('TRUNCATE outbox_message, outbox_pending');
  await c.query('ANALYZE');
}

async function timeRun(payments: AllowancePaymentsService): Promise<number> {
  const user = {
    sub: 'bench-disburser',
    roles: ['child-welfare:disburser'],
    towns: [],
  } as unknown as AuthenticatedUser;
  const start = process.hrtime.bigint();
  const outcome = await payments.start(MONTH, user);
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (outcome.created !== CHILDREN)
    throw new Error(`the run created ${outcome.created} payments, expected ${CHILDREN}`);
  return ms;
}

async function timeCopy(c: Client, tsv: string): Promise<number> {
  await c.query('TRUNCATE payment_baseline');
  const start = process.hrtime.bigint();
  await c.query('BEGIN');
  await pipeline(
    Readable.from([tsv]),
    c.query(
      copyFrom(
        `COPY payment_baseline (payment_id, run_id, child_id, month, person_ref, programme, town, amount_fen, kind, issued_on, issued_by) FROM STDIN`,
      ),
    ),
  );
  await c.query('COMMIT');
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const [{ n }] = (await c.query('SELECT count(*)::int AS n FROM payment_baseline')).rows;
  if (n !== CHILDREN) throw new Error(`COPY wrote ${n} rows, expected ${CHILDREN}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function append(markdown: string): void {
  const file = join(root, 'docs/benchmarks.md');
  let text = readFileSync(file, 'utf8');
  if (!text.includes(RESULTS_MARKER))
    text += ['', '## Child welfare: re-classification and allowance run', '', RESULTS_MARKER, ''].join('\n');
  writeFileSync(file, text.replace(RESULTS_MARKER, `${markdown}\n${RESULTS_MARKER}`));
  console.log(`appended to ${file}`);
}

async function main(): Promise<void> {
  const base = databaseUrlFromInfraEnv();
  const schema = `bench_cw_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  const ds = new DataSource({
    type: 'postgres',
    url: url.toString(),
    schema,
    entities: [...messagingEntities],
    migrations: [AuditLogTable1764300000000, ...CHILD_WELFARE_MIGRATIONS],
    migrationsRun: true,
    synchronize: false,
    logging: false,
  });
  const c = new Client({ connectionString: url.toString() });
  const load: number[] = [loadavg()[0]];
  try {
    await ds.initialize();
    await c.connect();
    await c.query(
      `CREATE TABLE payment_baseline (LIKE allowance_payment INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
    );
    if (PROFILE) profileQueries();
    const outbox = new Outbox();
    const params = new ChildParameters();
    const clock = new FixedClock(`${MONTH}-01T09:00:00+08:00`);
    const allowances = new AllowancesService(ds, outbox, params, new AuditLog(), clock);
    const reclassification = new Reclassification(outbox, allowances);
    const payments = new AllowancePaymentsService(ds, outbox, params, allowances, clock);

    const rows: { service: number; setBased: number; run: number; copy: number }[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      console.log(`round ${round + 1}/${ROUNDS}: seeding ${CHILDREN} children in schema ${schema} ...`);
      await seed(c);
      const setBased = await timeSetBased(c);
      await checkReclassified(c, false);
      await seed(c);
      profiling = PROFILE && round === 0 ? sqlTimes.reclassification : undefined;
      const service = await timeReclassification(ds, reclassification);
      profiling = undefined;
      await checkReclassified(c, true);
      console.log(`  re-classification: service ${service.toFixed(0)} ms, set-based SQL ${setBased.toFixed(0)} ms`);
      await approveAll(c);
      profiling = PROFILE && round === 0 ? sqlTimes.run : undefined;
      const run = await timeRun(payments);
      profiling = undefined;
      const { rows: paid } = await c.query(
        `SELECT payment_id, run_id, child_id, month, person_ref, programme, town, amount_fen, kind, to_char(issued_on, 'YYYY-MM-DD') AS issued_on, issued_by FROM allowance_payment`,
      );
      const tsv = paid.map((r) => Object.values(r).join('\t')).join('\n') + '\n';
      const copy = await timeCopy(c, tsv);
      console.log(`  allowance run: service ${run.toFixed(0)} ms, COPY ${copy.toFixed(0)} ms`);
      rows.push({ service, setBased, run, copy });
      load.push(loadavg()[0]);
    }
    const m = (k: keyof (typeof rows)[number]) => median(rows.map((r) => r[k]));
    const table = (title: string, map: Map<string, SqlTime>) => {
      const top = [...map.entries()].sort((a, b) => b[1].ms - a[1].ms).slice(0, 8);
      if (!top.length) return [];
      const total = [...map.values()].reduce((t, v) => t + v.ms, 0);
      return [
        `${title} (first round, EntityManager.query wrapped; all statements ${total.toFixed(0)} ms):`,
        '',
        '| statement (first 70 chars) | calls | total ms |',
        '|---|---:|---:|',
        ...top.map(([k, v]) => `| \`${k.replace(/\|/g, '\\|')}\` | ${v.n} | ${v.ms.toFixed(0)} |`),
        '',
      ];
    };
    const markdown = [
      `### ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, load average ${load.map((l) => l.toFixed(1)).join(' → ')}`,
      '',
      `${CHILDREN} children (${FAMILIES} families), ${EVENTS} imprisonment events re-classifying ${EVENTS * 2} of them; ${ROUNDS} round(s), medians.`,
      '',
      '| variant | median ms | per unit | vs baseline |',
      '|---|---:|---:|---:|',
      `| re-classification, ${BATCH} event(s) per transaction (service) | ${m('service').toFixed(0)} | ${((m('service') / EVENTS) * 1000).toFixed(0)} µs/event | ${(m('service') / m('setBased')).toFixed(1)} |`,
      `| same rows by set-based SQL, one transaction (baseline) | ${m('setBased').toFixed(0)} | ${((m('setBased') / EVENTS) * 1000).toFixed(0)} µs/event | 1.0 |`,
      `| allowance run, ${CHILDREN} grants (service) | ${m('run').toFixed(0)} | ${Math.round(CHILDREN / (m('run') / 1000))} rows/s | ${(m('run') / m('copy')).toFixed(1)} |`,
      `| COPY of the same payment rows (baseline) | ${m('copy').toFixed(0)} | ${Math.round(CHILDREN / (m('copy') / 1000))} rows/s | 1.0 |`,
      '',
      ...table('SQL time of the re-classification by statement', sqlTimes.reclassification),
      ...table('SQL time of the allowance run by statement', sqlTimes.run),
    ].join('\n');
    console.log(`\n${markdown}`);
    if (process.argv.includes('--append')) append(markdown);
  } finally {
    await c.end().catch(() => undefined);
    await ds.destroy().catch(() => undefined);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
