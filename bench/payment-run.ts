/**
 * P7 (docs/reliability.md): the social-assistance monthly payment run over N active cases, against the
 * raw baseline of PostgreSQL COPY of the same N payment rows, in the same run on the same database.
 * The run is what the service does (apps/social-assistance/src/payments/payments.service.ts `start`):
 * the amount catch-up (one statement when nothing is due), then runPayments (payment-run.ts): every
 * active case paid the amount decided for the month's 1st, inserted with one INSERT ... SELECT that
 * also appends one assistance.payment.issued outbox row per payment, in one transaction. COPY writes
 * only the rows. A fresh schema is created and dropped; cases are seeded with SQL, their amounts
 * decided once by the service's CaseAmounts (timed and reported apart: that is where the means test
 * went). Rounds alternate the order; statements per run are counted.
 * Usage: npm run bench:payment-run [-- --append]   (--append writes docs/benchmarks.md)
 * Tunables: BENCH_CASES (100000), BENCH_ROUNDS (3), BENCH_STATEMENTS=1 (each statement's time),
 * BENCH_EXPLAIN=1 (instead of the rounds: EXPLAIN (ANALYZE, BUFFERS) of the run's insert statement on
 * an empty payment table, rolled back, printed with the time in each trigger), BENCH_AB_KEYS=1 (each
 * round also runs the service with payment's foreign keys instead of the per-statement checks),
 * BENCH_EARLIER_MONTHS=n (n earlier months of payments in the table, kept between rounds),
 * BENCH_AB_RANDOM_IDS=1 (each round also runs the service with gen_random_uuid() event ids, see withRandomIds).
 */
import 'reflect-metadata';
import { messagingEntities, Outbox } from '@civic/messaging';
import { AuditLog, Clock, serviceConnection } from '@civic/platform';
import { databaseUrlFromInfraEnv, MEMBER_DEFAULTS } from '@civic/testing';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { procCpuMs } from './pairs/process-cpu';
import { Household } from '../apps/social-assistance/src/households/household.model';
import { ParametersService } from '../apps/social-assistance/src/parameters/parameters.service';
import { CaseAmounts } from '../apps/social-assistance/src/payments/case-amounts';
import { runPayments } from '../apps/social-assistance/src/payments/payment-run';
import { PaymentReferenceChecks1767500000000 } from '../apps/social-assistance/src/persistence/payment-reference-checks.migration';
import { SOCIAL_ASSISTANCE_MIGRATIONS } from '../apps/social-assistance/src/social-assistance.migrations';

const CASES = Number(process.env.BENCH_CASES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MONTH = '2025-07';
const TOWNS = ['442000100', '442000101', '442000102', '442000103', '442000104'];
const RESULTS_MARKER = '<!-- bench:payment-run results go above this line -->';
const root = resolve(__dirname, '..');

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

const EARLIER_MONTHS = Number(process.env.BENCH_EARLIER_MONTHS ?? 0);

async function reset(c: Client): Promise<void> {
  if (!EARLIER_MONTHS)
    return void (await c.query('TRUNCATE payment, payment_run, outbox_message, outbox_pending, payment_baseline'));
  // the earlier months' payments and runs stay: only what a run of MONTH wrote goes
  await c.query(`DELETE FROM payment WHERE month = '${MONTH}'`);
  await c.query(`DELETE FROM payment_run WHERE month = '${MONTH}'`).catch(async () => {
    // runs are kept by a trigger (payment-reference-checks.migration.ts): the bench removes its own
    await c.query(`ALTER TABLE payment_run DISABLE TRIGGER USER`);
    await c.query(`DELETE FROM payment_run WHERE month = '${MONTH}'`);
    await c.query(`ALTER TABLE payment_run ENABLE TRIGGER USER`);
  });
  await c.query('TRUNCATE outbox_message, outbox_pending, payment_baseline');
}

/**
 * BENCH_EARLIER_MONTHS=n: n earlier months already paid (runs and payments of every case), as in
 * service, where the candidates' anti-join and the ON CONFLICT probes meet them; the bench otherwise runs on
 * an empty payment table.
 */
async function seedEarlierMonths(c: Client): Promise<void> {
  for (let k = EARLIER_MONTHS; k >= 1; k--) {
    const month = new Date(Date.UTC(Number(MONTH.slice(0, 4)), Number(MONTH.slice(5, 7)) - 1 - k, 1))
      .toISOString()
      .slice(0, 7);
    await c.query(`INSERT INTO payment_run (run_id, month, started_by) VALUES ('run-${month}', '${month}', 'bench')`);
    await c.query(`INSERT INTO payment (payment_id, run_id, case_id, month, person_ref, programme, town, amount_fen, issued_on, issued_by, status)
      SELECT 'pay-${month}-' || case_id, 'run-${month}', case_id, '${month}', person_ref, programme, town, 50000, '${month}-20', 'bench', 'confirmed'
        FROM assistance_case ORDER BY case_id`);
  }
  await c.query('VACUUM ANALYZE payment');
}

interface Round {
  serviceMs: number;
  copyMs: number;
}

// the service's business day: inside the month run
class BenchClock extends Clock {
  now() {
    return new Date(`${MONTH}-20T02:00:00Z`);
  }
}
const clock = new BenchClock();

function caseAmounts(ds: DataSource): CaseAmounts {
  // the audit log is used only by scheduling, which the bench does not do
  return new CaseAmounts(new ParametersService(ds, new Outbox(), undefined as unknown as AuditLog, clock), clock);
}

/**
 * BENCH_AB_RANDOM_IDS=1: the run's statement with each outbox row's event id drawn by gen_random_uuid(),
 * as before docs/adr/0027-set-event-ids.md, the rest of the statement unchanged (the id parameters stay
 * referenced, folded away at planning), so the id scheme is compared in the same process and rounds.
 */
const SET_EVENT_ID =
  /\((\$\d+)::text \|\| to_hex\((\$\d+)::bigint \+ row_number\(\) OVER \([^)]*\)\)\)::uuid AS event_id/;
function withRandomIds(sql: string): string {
  if (!sql.trimStart().startsWith('WITH cand AS MATERIALIZED')) return sql;
  if (!SET_EVENT_ID.test(sql)) throw new Error('BENCH_AB_RANDOM_IDS: the event id expression is not in the statement');
  return sql.replace(
    SET_EVENT_ID,
    (_, prefix, base) =>
      `CASE WHEN ${prefix}::text IS NULL OR ${base}::bigint IS NULL THEN NULL ELSE gen_random_uuid() END AS event_id`,
  );
}

async function timeService(
  ds: DataSource,
  randomIds = false,
): Promise<{ ms: number; cpuMs: number; created: number; statements: number }> {
  const amounts = caseAmounts(ds);
  const start = process.hrtime.bigint();
  let statements = 0;
  let pid = 0;
  let cpu0 = NaN;
  const outcome = await ds.transaction(async (m) => {
    [{ pid }] = await m.query('SELECT pg_backend_pid() AS pid');
    cpu0 = procCpuMs(pid);
    const query = m.query.bind(m);
    m.query = (async (...a: Parameters<typeof query>) => {
      statements++;
      const t0 = process.hrtime.bigint();
      try {
        if (randomIds) a[0] = withRandomIds(a[0]);
        return await query(...a);
      } finally {
        // BENCH_STATEMENTS=1: where the run's time goes, statement by statement
        if (process.env.BENCH_STATEMENTS)
          console.log(
            `  ${(Number(process.hrtime.bigint() - t0) / 1e6).toFixed(0).padStart(7)} ms  ${a[0].replace(/\s+/g, ' ').slice(0, 90)}`,
          );
      }
    }) as typeof m.query;
    await amounts.catchUp(m);
    return runPayments(m, MONTH, 'bench-disburser', clock.now());
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  // after the commit: the backend's CPU for the transaction (its commit's WAL flush included)
  const cpuMs = procCpuMs(pid) - cpu0;
  if (outcome.created !== CASES) throw new Error(`the run created ${outcome.created} payments, expected ${CASES}`);
  return { ms, cpuMs, created: outcome.created, statements };
}

/** Decides every seeded case's amounts once (what a standard change costs now), timed. */
async function decideAll(ds: DataSource): Promise<number> {
  const start = process.hrtime.bigint();
  const n = await ds.transaction((m) => caseAmounts(ds).catchUp(m));
  if (n !== CASES) throw new Error(`decided ${n} cases, expected ${CASES}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

async function timeCopy(c: Client, tsv: string): Promise<{ ms: number; cpuMs: number }> {
  const [{ pid }] = (await c.query('SELECT pg_backend_pid() AS pid')).rows;
  const cpu0 = procCpuMs(pid);
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
  const cpuMs = procCpuMs(pid) - cpu0;
  const [{ n }] = (await c.query('SELECT count(*)::int AS n FROM payment_baseline')).rows;
  if (n !== CASES) throw new Error(`COPY wrote ${n} rows, expected ${CASES}`);
  return { ms, cpuMs };
}

/**
 * The run's insert statement under EXPLAIN (ANALYZE, BUFFERS), in a transaction rolled back: where the
 * statement's time goes node by node, with the foreign-key / constraint triggers listed apart.
 */
async function explainRun(ds: DataSource): Promise<void> {
  const amounts = caseAmounts(ds);
  const explained = new Error('explained');
  await ds
    .transaction(async (m) => {
      const query = m.query.bind(m);
      m.query = (async (sql: string, params?: unknown[]) => {
        if (!sql.trimStart().startsWith('WITH cand AS MATERIALIZED')) return query(sql, params);
        const plan: { 'QUERY PLAN': string }[] = await query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
        console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
        throw explained;
      }) as typeof m.query;
      await amounts.catchUp(m);
      await runPayments(m, MONTH, 'bench-disburser', clock.now());
    })
    .catch((e) => {
      if (e !== explained) throw e;
    });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function report(rounds: Round[], statements: number, decideMs: number): string {
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
    `| payment run (decided amounts, one INSERT ... SELECT with the outbox rows; ${statements} statements) | ${median(s).toFixed(0)} | ${Math.round(CASES / (median(s) / 1000))} | ${median(ratios).toFixed(2)} |`,
    `| COPY of the same payment rows (baseline) | ${median(b).toFixed(0)} | ${Math.round(CASES / (median(b) / 1000))} | 1.0 |`,
    '',
    `Deciding every case's amounts once (means test per case, what a standard change costs; not part of the run): ${decideMs.toFixed(0)} ms.`,
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
  const base = databaseUrlFromInfraEnv();
  const schema = `bench_payrun_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  // social-assistance's own session settings (JIT off, docs/adr/0031-jit-off-for-service-sessions.md),
  // for the run and for COPY alike
  const session = serviceConnection(base, schema);
  const ds = new DataSource({
    type: 'postgres',
    url: session.url,
    extra: { options: session.options },
    schema,
    entities: [...messagingEntities],
    migrations: SOCIAL_ASSISTANCE_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    logging: false,
  });
  const c = new Client({ connectionString: session.url, options: session.options });
  try {
    await ds.initialize();
    await c.connect();
    await c.query(
      `CREATE TABLE payment_baseline (LIKE payment INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`,
    );
    console.log(`seeding ${CASES} active cases in schema ${schema} ...`);
    await seed(c);
    if (EARLIER_MONTHS) await seedEarlierMonths(c);
    const decideMs = await decideAll(ds);
    console.log(`amounts decided for ${CASES} cases in ${decideMs.toFixed(0)} ms`);
    await c.query('ANALYZE');

    if (process.env.BENCH_EXPLAIN) {
      await reset(c);
      await c.query('VACUUM ANALYZE payment');
      return await explainRun(ds);
    }

    // the rows COPY writes are exactly the rows the service wrote (taken from a warm-up run)
    await reset(c);
    const warm = await timeService(ds);
    console.log(`warm-up: service ${warm.ms.toFixed(0)} ms, ${warm.statements} statements`);
    const { rows } = await c.query(
      `SELECT payment_id, run_id, case_id, month, person_ref, programme, town, amount_fen, kind, to_char(issued_on, 'YYYY-MM-DD') AS issued_on, issued_by FROM payment WHERE month = '${MONTH}'`,
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

    // BENCH_AB_KEYS=1: each round also runs the service with payment's two foreign keys put back (the
    // migration's down) in place of the per-statement checks, so the change is compared at one load
    const checks = new PaymentReferenceChecks1767500000000();
    const variants = [
      'service',
      'copy',
      ...(process.env.BENCH_AB_KEYS ? ['keys'] : []),
      ...(process.env.BENCH_AB_RANDOM_IDS ? ['random-ids'] : []),
    ];
    const rounds: Round[] = [];
    const keysRatios: number[] = [];
    const randomIdsRatios: number[] = [];
    const cpuRatios: { service: number[]; keys: number[]; randomIds: number[] } = {
      service: [],
      keys: [],
      randomIds: [],
    };
    for (let i = 0; i < ROUNDS; i++) {
      let serviceMs = 0;
      let copyMs = 0;
      let keysMs = 0;
      let randomIdsMs = 0;
      // PostgreSQL backend CPU ms per variant (see backendCpuMs)
      const cpu: Record<string, number> = {};
      // the order rotates from round to round, so no variant always runs first or after another
      const order = variants.map((_, k) => variants[(k + i) % variants.length]);
      for (const which of order) {
        await reset(c);
        await c.query('VACUUM ANALYZE payment');
        if (which === 'service') ({ ms: serviceMs, cpuMs: cpu.service } = await timeService(ds));
        else if (which === 'copy') ({ ms: copyMs, cpuMs: cpu.copy } = await timeCopy(c, tsv));
        else if (which === 'random-ids') {
          ({ ms: randomIdsMs, cpuMs: cpu['random-ids'] } = await timeService(ds, true));
          const [{ v }] = (
            await c.query(`SELECT count(*)::int AS v FROM outbox_message WHERE event_id::text LIKE '%-4___-%'`)
          ).rows;
          if (v !== CASES) throw new Error(`BENCH_AB_RANDOM_IDS: ${v} of ${CASES} events have v4 ids`);
        } else {
          const q = ds.createQueryRunner();
          try {
            await checks.down(q);
            const [{ keys }] = (
              await c.query(
                `SELECT count(*)::int AS keys FROM pg_constraint WHERE conrelid = 'payment'::regclass AND contype = 'f'`,
              )
            ).rows;
            if (keys !== 2) throw new Error(`expected payment's two foreign keys back, found ${keys}`);
            await c.query('VACUUM ANALYZE payment');
            ({ ms: keysMs, cpuMs: cpu.keys } = await timeService(ds));
            await reset(c);
            await checks.up(q);
          } finally {
            await q.release();
          }
        }
      }
      rounds.push({ serviceMs, copyMs });
      if (keysMs) keysRatios.push(keysMs / copyMs);
      cpuRatios.service.push(cpu.service / cpu.copy);
      if (keysMs) cpuRatios.keys.push(cpu.keys / cpu.copy);
      if (randomIdsMs) {
        randomIdsRatios.push(randomIdsMs / copyMs);
        cpuRatios.randomIds.push(cpu['random-ids'] / cpu.copy);
      }
      console.log(
        `round ${i + 1}/${ROUNDS} (${order.join(', ')}; load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]}): service ${serviceMs.toFixed(0)} ms, COPY ${copyMs.toFixed(0)} ms, ratio ${(serviceMs / copyMs).toFixed(2)}` +
          (keysMs ? `; with the foreign keys ${keysMs.toFixed(0)} ms, ratio ${(keysMs / copyMs).toFixed(2)}` : '') +
          (randomIdsMs
            ? `; with gen_random_uuid() ids ${randomIdsMs.toFixed(0)} ms, ratio ${(randomIdsMs / copyMs).toFixed(2)}`
            : '') +
          `; PostgreSQL CPU ms ${Object.entries(cpu)
            .map(([k, v]) => `${k} ${v.toFixed(0)}`)
            .join(', ')}`,
      );
    }
    if (randomIdsRatios.length)
      console.log(
        `median ratio: set event ids ${median(rounds.map((r) => r.serviceMs / r.copyMs)).toFixed(2)}, gen_random_uuid() ids ${median(randomIdsRatios).toFixed(2)}`,
      );
    if (keysRatios.length)
      console.log(
        `median ratio: checks ${median(rounds.map((r) => r.serviceMs / r.copyMs)).toFixed(2)}, foreign keys ${median(keysRatios).toFixed(2)}`,
      );
    console.log(
      `median PostgreSQL CPU ratio to COPY: service ${median(cpuRatios.service).toFixed(2)}` +
        (cpuRatios.keys.length ? `, with the foreign keys ${median(cpuRatios.keys).toFixed(2)}` : '') +
        (cpuRatios.randomIds.length ? `, with gen_random_uuid() ids ${median(cpuRatios.randomIds).toFixed(2)}` : ''),
    );
    const markdown = report(rounds, warm.statements, decideMs);
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
