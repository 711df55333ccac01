/**
 * Charity: donation intake and public ledger reads, each beside its raw baseline in the same run
 * (docs/benchmarks.md, "Charity: donation intake and public ledger reads").
 *
 * - Donation intake: POST /api/v1/projects/:id/donations on charity running as its own process (HTTP,
 *   token, validation, project row lock, qualification check, ledger entry with its posting trigger,
 *   the entry read back, createEvent, outbox row, one transaction) against the P2 raw baseline: the same
 *   two INSERTs (ledger_entry with its trigger, outbox_message with a prepared payload) in one
 *   transaction with raw pg, from the same number of workers and the same pool size.
 * - Public ledger reads: GET /api/v1/public/projects/:id/ledger (50 entries, no token, rate-limit upsert)
 *   against the bare SQL query of the same 50 entries.
 * - Where the time goes: the same closed loop on each piece alone (HTTP floor: GET /health/live; each
 *   statement the read path runs; createEvent for the donation event in process).
 *
 * Usage: npm run bench:charity. Tunables: BENCH_SECONDS (3), BENCH_ROUNDS (3), BENCH_CONCURRENCY (8),
 * BENCH_POOL (8), BENCH_LEDGER_ROWS (entries on the read project, 5000).
 * Rounds alternate the order of each pair; medians over rounds; ratio = median of per-round ratios.
 */
import 'reflect-metadata';
import { createEvent, DonationReceivedV1, toKafkaRecord } from '@civic/contracts';
import { deleteTopics, ensureTopics } from '@civic/messaging';
import { signDevTokenFor } from '@civic/platform';
import { loadInfraEnv, startServiceProcess, uniqueName } from '@civic/testing';
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Pool } from 'pg';
import { closedLoop } from '../../../bench/pairs/p2-command-write';
import { median, Sample } from '../../../bench/bench-stats';
import { ENTRY_COLUMNS } from '../src/ledger/ledger-entry';
import { RATE_TAKE } from '../src/ledger/public-ledger-rate.guard';
import { CHARITY_TOPICS } from '../src/persistence/charity-topics';
import { PROJECT_SELECT } from '../src/projects/projects.service';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const POOL = Number(process.env.BENCH_POOL ?? 8);
const LEDGER_ROWS = Number(process.env.BENCH_LEDGER_ROWS ?? 5000);

type Variant = { name: string; run: () => Promise<Sample> };

async function main() {
  loadInfraEnv();
  const load0 = loadavg();
  const jwtSecret = randomBytes(32).toString('hex');
  const topicPrefix = `${uniqueName('bench-charity').replace(/_/g, '-')}.`;
  const connection = { brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'bench', topicPrefix };
  const topics = await ensureTopics(connection, CHARITY_TOPICS, { partitions: 3 });
  const svc = await startServiceProcess({
    app: 'charity',
    schemaPrefix: 'bench_charity',
    topicPrefix,
    jwtSecret,
    env: { PUBLIC_LEDGER_RATE_PER_MINUTE: '100000', DATABASE_POOL_SIZE: String(POOL) },
  });
  const pool = new Pool({ connectionString: svc.schema.url, max: POOL });
  try {
    const token = (sub: string, roles: string[]) =>
      signDevTokenFor({ NODE_ENV: 'test', JWT_SECRET: jwtSecret }, { sub, roles: roles as never });
    const [clerk, approver] = await Promise.all([
      token('clerk', ['charity:clerk']),
      token('approver', ['charity:approver']),
    ]);
    const call = async (method: string, path: string, bearer?: string, body?: unknown, expect = 200) => {
      const res = await fetch(`${svc.baseUrl}${path}`, {
        method,
        headers: {
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      if (res.status !== expect) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
      return text ? JSON.parse(text) : undefined;
    };
    const o = await call(
      'POST',
      '/api/v1/organisations',
      clerk,
      {
        name: 'Bench Charity Federation',
        creditCode: '53442000MJL0123456',
        town: '442000100',
        registeredOn: '2021-03-15',
      },
      201,
    );
    await call(
      'POST',
      `/api/v1/organisations/${o.organisationId}/fundraising-qualification`,
      approver,
      {
        validFrom: '2021-01-01',
        validUntil: '2099-12-31',
      },
      200,
    );
    const project = (title: string) =>
      call(
        'POST',
        '/api/v1/projects',
        clerk,
        {
          organisationId: o.organisationId,
          title,
          kind: 'general',
          town: '442000100',
          beneficiaryCriteria: 'Hardship families',
          targetFen: 50_000_000,
          publicFundraising: true,
        },
        201,
      );
    const donationProject = (await project('Donation intake')).projectId as string;
    const readProject = (await project('Public reads')).projectId as string;
    await pool.query(
      `INSERT INTO ledger_entry (entry_id, project_id, kind, debit_account, credit_account, amount_fen, form, donor_kind, booked_on, booked_at, booked_by)
       SELECT 'led-seed-' || g, $1, 'donation', 'fund', 'donations', 100 + g % 900, 'money', 'anonymous', current_date, now(), 'bench'
       FROM generate_series(1, $2) g`,
      [readProject, LEDGER_ROWS],
    );
    await pool.query('ANALYZE ledger_entry');

    // the project side: charity over loopback, keep-alive fetch from CONCURRENCY workers
    const donateRest = () =>
      closedLoop(CONCURRENCY, SECONDS, async () => {
        await call(
          'POST',
          `/api/v1/projects/${donationProject}/donations`,
          clerk,
          {
            amountFen: 100,
            form: 'money',
            donorKind: 'anonymous',
          },
          201,
        );
      });
    const template = createEvent(
      DonationReceivedV1,
      {
        projectId: donationProject,
        organisationId: o.organisationId,
        donationId: 'led-x',
        ledgerEntryId: 'led-x',
        amountFen: 100,
        receivedAt: new Date().toISOString(),
        donorKind: 'anonymous',
        form: 'money',
      },
      { source: '/civic/charity' },
    );
    const record = toKafkaRecord(template, 'charity.project');
    // P2's baseline on charity's own tables: the ledger row (its posting trigger included) and the outbox row
    const donateRaw = () =>
      closedLoop(CONCURRENCY, SECONDS, async () => {
        const c = await pool.connect();
        try {
          const id = `led-${randomUUID()}`;
          await c.query('BEGIN');
          await c.query(
            `INSERT INTO ledger_entry (entry_id, project_id, kind, debit_account, credit_account, amount_fen, form, donor_kind, booked_on, booked_at, booked_by)
             VALUES ($1, $2, 'donation', 'fund', 'donations', 100, 'money', 'anonymous', current_date, now(), 'bench')`,
            [id, donationProject],
          );
          await c.query(
            `INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers) VALUES ($1, 'charity.project', $2, $3, $4, $5::jsonb)`,
            [
              randomUUID(),
              record.key,
              template.type,
              record.value.replace(/led-x/g, id),
              JSON.stringify(record.headers),
            ],
          );
          await c.query('COMMIT');
        } finally {
          c.release();
        }
      });
    const readRest = () =>
      closedLoop(CONCURRENCY, SECONDS, async () => {
        const page = await call('GET', `/api/v1/public/projects/${readProject}/ledger?limit=50`);
        if (page.items.length !== 50) throw new Error('expected 50 entries');
      });
    const sqlLoop = (sql: string, params: () => unknown[]) => () =>
      closedLoop(CONCURRENCY, SECONDS, async () => {
        await pool.query(sql, params());
      });
    const readRaw = sqlLoop(
      `SELECT entry_id, booked_on, kind, debit_account, credit_account, amount_fen, form, donor_kind, donor_public_name, reverses
       FROM ledger_entry WHERE project_id = $1 ORDER BY seq LIMIT 50`,
      () => [readProject],
    );
    let client = 0;
    const pieces: Variant[] = [
      {
        name: 'HTTP floor: GET /health/live',
        run: () => closedLoop(CONCURRENCY, SECONDS, async () => void (await call('GET', '/health/live'))),
      },
      {
        name: 'read path: rate-limit upsert (one per request)',
        run: sqlLoop(RATE_TAKE, () => [`10.1.${client++ % 250}.1`]),
      },
      {
        name: `read path: project with totals (sum over its ${LEDGER_ROWS} entries)`,
        run: sqlLoop(`${PROJECT_SELECT} WHERE p.project_id = $1`, () => [readProject]),
      },
      {
        name: 'read path: page of 50 with reversed-by and goods-items subqueries',
        run: sqlLoop(
          `SELECT ${ENTRY_COLUMNS} FROM ledger_entry e WHERE e.project_id = $1 ORDER BY e.seq LIMIT 50`,
          () => [readProject],
        ),
      },
      {
        name: `read path: count(*) of the project's entries`,
        run: sqlLoop(`SELECT count(*)::int FROM ledger_entry e WHERE e.project_id = $1`, () => [readProject]),
      },
    ];

    const pairs: { title: string; project: Variant; baseline: Variant; perRound: { p: Sample; b: Sample }[] }[] = [
      {
        title: 'donation intake',
        project: { name: 'POST donation over REST', run: donateRest },
        baseline: { name: 'two raw INSERTs in one transaction (P2)', run: donateRaw },
        perRound: [],
      },
      {
        title: 'public ledger read',
        project: { name: 'GET public ledger page over REST', run: readRest },
        baseline: { name: 'bare SQL page query', run: readRaw },
        perRound: [],
      },
    ];
    for (const p of pairs) {
      await p.project.run(); // warm-up
      await p.baseline.run();
    }
    const pieceSamples = new Map<string, Sample[]>(pieces.map((v) => [v.name, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const p of pairs) {
        const order = r % 2 ? [p.baseline, p.project] : [p.project, p.baseline];
        const got = new Map<Variant, Sample>();
        for (const v of order) got.set(v, await v.run());
        p.perRound.push({ p: got.get(p.project)!, b: got.get(p.baseline)! });
        console.error(
          `round ${r + 1} ${p.title}: ${got.get(p.project)!.perSec!.toFixed(0)}/s vs ${got.get(p.baseline)!.perSec!.toFixed(0)}/s`,
        );
      }
      for (const v of pieces) pieceSamples.get(v.name)!.push(await v.run());
    }
    // createEvent in process (validation of the payload, raw-ID scan, envelope)
    const n = 2000;
    const t0 = performance.now();
    for (let i = 0; i < n; i++)
      createEvent(
        DonationReceivedV1,
        { ...template.data, donationId: `led-${i}`, ledgerEntryId: `led-${i}` },
        { source: '/civic/charity' },
      );
    const createEventUs = ((performance.now() - t0) / n) * 1000;
    const entries = Number(
      (await pool.query(`SELECT count(*) FROM ledger_entry WHERE project_id = $1`, [donationProject])).rows[0].count,
    );

    const fmt = (x: number | undefined, d = 0) => (x === undefined ? '-' : x.toFixed(d));
    const med = (xs: Sample[], k: keyof Sample) => median(xs.map((s) => s[k]!));
    const lines: string[] = [];
    lines.push(
      `### ${new Date().toISOString().slice(0, 10)}: ${cpus().length} cores (${cpus()[0]?.model.trim()}), Node ${process.version}, shared machine, load average ${load0.map((l) => l.toFixed(1)).join(' / ')} before, ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' / ')} after`,
    );
    lines.push('');
    lines.push(
      `${CONCURRENCY} closed-loop workers, pool ${POOL} on both sides, ${SECONDS} s per variant, ${ROUNDS} rounds after a warm-up, order alternating; medians over rounds; ratio = median of per-round ratios. Read project: ${LEDGER_ROWS} entries; the donation project held ${entries} entries at the end.`,
    );
    lines.push('');
    lines.push('| pair | variant | ops/s | p50 ms | p99 ms | vs baseline |');
    lines.push('|---|---|---:|---:|---:|---:|');
    for (const p of pairs) {
      const ratio = median(p.perRound.map((x) => x.p.perSec! / x.b.perSec!));
      const ps = p.perRound.map((x) => x.p);
      const bs = p.perRound.map((x) => x.b);
      lines.push(
        `| ${p.title} | ${p.project.name} | ${fmt(med(ps, 'perSec'))} | ${fmt(med(ps, 'p50Ms'), 2)} | ${fmt(med(ps, 'p99Ms'), 2)} | ${ratio.toFixed(2)} |`,
      );
      lines.push(
        `| ${p.title} | ${p.baseline.name} (baseline) | ${fmt(med(bs, 'perSec'))} | ${fmt(med(bs, 'p50Ms'), 2)} | ${fmt(med(bs, 'p99Ms'), 2)} | 1.00 |`,
      );
    }
    lines.push('');
    lines.push('Pieces, each alone in the same closed loop (same run, rounds interleaved with the pairs):');
    lines.push('');
    lines.push('| piece | ops/s | p50 ms |');
    lines.push('|---|---:|---:|');
    for (const [name, xs] of pieceSamples)
      lines.push(`| ${name} | ${fmt(med(xs, 'perSec'))} | ${fmt(med(xs, 'p50Ms'), 2)} |`);
    lines.push(
      `| createEvent(charity.project.donation-received), in process, one at a time | ${fmt(1e6 / createEventUs)} | ${(createEventUs / 1000).toFixed(3)} |`,
    );
    console.log(lines.join('\n'));
  } finally {
    await pool.end();
    await svc.stop();
    await deleteTopics(connection, topics).catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
