/**
 * P7 (docs/reliability.md): the social-assistance monthly payment run over N active cases, against the
 * raw baseline of PostgreSQL COPY of the same N payment rows, in the same run on the same database.
 * The run is the service's own function (apps/social-assistance/src/payments/payment-run.ts): it
 * reads every active case with its household, computes the month's amount with the means test and
 * the parameters in force on the 1st, inserts the payments in chunks and appends one
 * assistance.payment.issued outbox row per payment, in one transaction. COPY writes only the rows.
 * A fresh schema is created and dropped; cases are seeded with SQL. Rounds alternate the order.
 * Usage: npm run bench:payment-run [-- --append]   (--append writes docs/benchmarks.md)
 * Tunables: BENCH_CASES (100000), BENCH_ROUNDS (3).
 */
import 'reflect-metadata';
import { messagingEntities, messagingMigrations, Outbox } from '@civic/messaging';
import { loadParameters } from '@civic/policy-params';
import { MEMBER_DEFAULTS } from '@civic/testing';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { Household } from '../apps/social-assistance/src/households/household.model';
import { runPayments } from '../apps/social-assistance/src/payments/payment-run';
import { AssistanceSchema1765100000000 } from '../apps/social-assistance/src/persistence/assistance-schema.migration';
import {
  ArrearsPayments1765100000002,
  CaseApplication1765100000001,
} from '../apps/social-assistance/src/persistence/case-application.migration';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MONTH = '2025-07';
const TOWNS = ['442000100', '442000101', '442000102', '442000103', '442000104'];
const RESULTS_MARKER = '<!-- bench:payment-run results go above this line -->';
const root = resolve(__dirname, '..');

function databaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const env = join(root, '.infra.env');
  const line = existsSync(env)
    ? readFileSync(env, 'utf8')
        .split('\n')
        .find((l) => l.replace(/^export /, '').startsWith('DATABASE_URL='))
    : undefined;
  if (!line) throw new Error('DATABASE_URL is not set and .infra.env has none: run bash infra/up.sh');
  return line
    .replace(/^export /, '')
    .slice('DATABASE_URL='.length)
    .trim();
}

// One template household (two members, 600 yuan wages a month, urban): dibao-eligible in 2025.
function snapshotSql(): string {
  const hukou = { townCode: TOWNS[0], villageCode: `${TOWNS[0]}001` };
  const h: Household = {
    householdId: '__ID__',
    standardArea: 'urban',
    members: [
      { personRef: '__REF__', birthDate: '1970-03-04', sex: 'male', ...MEMBER_DEFAULTS, hukou },
      {
        personRef: '__REF2__',
        birthDate: '2012-05-06',
        sex: 'female',
        ...MEMBER_DEFAULTS,
        relation: 'child',
        hukou,
        labourCapacity: 'none',
        schooling: 'middle',
      },
    ],
    incomes: [{ personRef: '__REF__', source: 'wages', period: 'monthly', amountFen: 60000 }],
    assets: { financialAssetsFen: 100000, vehicles: 0, extraHousingUnits: 0, dangerousHouse: false },
    rigidExpenditure: { medical: 0, education: 0, rehabilitation: 0, disaster: 0, accident: 0 },
  };
  const text = JSON.stringify(h).replace(/'/g, "''");
  return `replace(replace(replace('${text}', '__ID__', 'hh-' || i), '__REF2__', 'bench:c' || lpad(i::text, 43, '0')), '__REF__', 'bench:a' || lpad(i::text, 43, '0'))::jsonb`;
}

async function seed(c: Client): Promise<void> {
  await c.query(`INSERT INTO household (household_id, town, village, version, snapshot, registered_by)
    SELECT 'hh-' || i, (ARRAY['${TOWNS.join("','")}'])[1 + i % ${TOWNS.length}], '442000100001', 1, ${snapshotSql()}, 'bench' FROM generate_series(1, ${CASES}) AS i`);
  await c.query(`INSERT INTO assistance_case (case_id, household_id, person_ref, programme, town, status, state, monthly_amount_fen, effective_from)
    SELECT 'case-' || lpad(i::text, 8, '0'), 'hh-' || i, 'bench:a' || lpad(i::text, 43, '0'), 'dibao', h.town, 'active', '{}'::jsonb, 0, '2025-01-01'
      FROM generate_series(1, ${CASES}) AS i JOIN household h ON h.household_id = 'hh-' || i`);
  await c.query('ANALYZE');
}

async function reset(c: Client): Promise<void> {
  await c.query('TRUNCATE payment, payment_run, outbox_message, payment_baseline');
}

interface Round {
  serviceMs: number;
  copyMs: number;
}

async function timeService(ds: DataSource): Promise<{ ms: number; created: number }> {
  const params = loadParameters();
  const start = process.hrtime.bigint();
  const outcome = await ds.transaction((m) =>
    runPayments(m, new Outbox(), params, MONTH, 'bench-disburser', new Date()),
  );
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (outcome.created !== CASES) throw new Error(`the run created ${outcome.created} payments, expected ${CASES}`);
  return { ms, created: outcome.created };
}

async function timeCopy(c: Client, tsv: string): Promise<number> {
  const start = process.hrtime.bigint();
  await c.query('BEGIN');
  const stream = c.query(
    copyFrom(
      `COPY payment_baseline (payment_id, run_id, case_id, month, person_ref, programme, town, amount_fen, kind, issued_on, issued_by) FROM STDIN`,
    ),
  );
  await pipeline(Readable.from([tsv]), stream);
  await c.query('COMMIT');
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const [{ n }] = (await c.query('SELECT count(*)::int AS n FROM payment_baseline')).rows;
  if (n !== CASES) throw new Error(`COPY wrote ${n} rows, expected ${CASES}`);
  return ms;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function report(rounds: Round[]): string {
  const s = rounds.map((r) => r.serviceMs);
  const b = rounds.map((r) => r.copyMs);
  const ratios = rounds.map((r) => r.serviceMs / r.copyMs);
  const date = new Date().toISOString().slice(0, 10);
  return [
    `### ${date}: ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown'}), Node ${process.version}, shared machine`,
    '',
    `${CASES} active dibao cases, month ${MONTH}; ${ROUNDS} rounds after a warm-up round, order alternating; medians over rounds; ratio = median of per-round ratios (range ${Math.min(...ratios).toFixed(1)}-${Math.max(...ratios).toFixed(1)}).`,
    '',
    '| variant | median ms | rows/s | vs COPY |',
    '|---|---:|---:|---:|',
    `| payment run (means test per case, chunked INSERT ... ON CONFLICT, one outbox row per payment) | ${median(s).toFixed(0)} | ${Math.round(CASES / (median(s) / 1000))} | ${median(ratios).toFixed(1)} |`,
    `| COPY of the same payment rows (baseline) | ${median(b).toFixed(0)} | ${Math.round(CASES / (median(b) / 1000))} | 1.0 |`,
    '',
  ].join('\n');
}

function append(markdown: string): void {
  const file = join(root, 'docs/benchmarks.md');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (!text.includes(RESULTS_MARKER)) {
    text += [
      '',
      '## P7: monthly payment run (`npm run bench:payment-run`)',
      '',
      'The social-assistance payment run (`runPayments`: read every active case with its household, means test',
      'at the parameters in force on the 1st, chunked `INSERT ... SELECT unnest(...) ON CONFLICT (case_id, month) DO NOTHING`,',
      'one `assistance.payment.issued` outbox row per payment, one transaction) against PostgreSQL COPY of the same',
      'payment rows into a table of the same shape (no events, no computation). Source: bench/payment-run.ts.',
      '',
      RESULTS_MARKER,
      '',
    ].join('\n');
  }
  writeFileSync(file, text.replace(RESULTS_MARKER, `${markdown}\n${RESULTS_MARKER}`));
  console.log(`appended to ${file}`);
}

async function main(): Promise<void> {
  const base = databaseUrl();
  const schema = `bench_payrun_${randomBytes(4).toString('hex')}`;
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
    migrations: [
      ...messagingMigrations,
      AssistanceSchema1765100000000,
      CaseApplication1765100000001,
      ArrearsPayments1765100000002,
    ],
    migrationsRun: true,
    synchronize: false,
    logging: false,
  });
  const c = new Client({ connectionString: url.toString() });
  try {
    await ds.initialize();
    await c.connect();
    await c.query(
      `CREATE TABLE payment_baseline (LIKE payment INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
    );
    console.log(`seeding ${CASES} active cases in schema ${schema} ...`);
    await seed(c);

    // the rows COPY writes are exactly the rows the service wrote (taken from a warm-up run)
    await reset(c);
    const warm = await timeService(ds);
    console.log(`warm-up: service ${warm.ms.toFixed(0)} ms`);
    const { rows } = await c.query(
      `SELECT payment_id, run_id, case_id, month, person_ref, programme, town, amount_fen, kind, to_char(issued_on, 'YYYY-MM-DD') AS issued_on, issued_by FROM payment`,
    );
    const tsv =
      rows
        .map((r) =>
          [
            r.payment_id,
            r.run_id,
            r.case_id,
            r.month,
            r.person_ref,
            r.programme,
            r.town,
            r.amount_fen,
            r.kind,
            r.issued_on,
            r.issued_by,
          ].join('\t'),
        )
        .join('\n') + '\n';
    await reset(c);
    await timeCopy(c, tsv);

    const rounds: Round[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      let serviceMs = 0;
      let copyMs = 0;
      for (const which of i % 2 === 0 ? ['service', 'copy'] : ['copy', 'service']) {
        await reset(c);
        await c.query('VACUUM ANALYZE payment');
        if (which === 'service') serviceMs = (await timeService(ds)).ms;
        else copyMs = await timeCopy(c, tsv);
      }
      rounds.push({ serviceMs, copyMs });
      console.log(
        `round ${i + 1}/${ROUNDS}: service ${serviceMs.toFixed(0)} ms, COPY ${copyMs.toFixed(0)} ms, ratio ${(serviceMs / copyMs).toFixed(1)}`,
      );
    }
    const markdown = report(rounds);
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
