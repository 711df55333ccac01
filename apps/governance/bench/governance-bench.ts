/**
 * Governance benchmarks (docs/benchmarks.md, "Governance: inspection draw and visit-task intake"), each
 * beside a raw baseline in the same run on the same database and broker:
 *
 * 1. The seeded random inspection draw over BENCH_ORGS organisations through the service
 *    (POST /api/v1/inspections on the in-process app: area check, town check, read of every id,
 *    SHA-256 lot per id in Node, sort, population digest, the recorded draw) against the bare query
 *    `ORDER BY md5(seed || id) LIMIT n`, and `ORDER BY sha256(seed || ':' || id) LIMIT n`, the same lots
 *    the service computes: its result must equal the service's selection, which checks the draw too.
 * 2. Visit-task intake: BENCH_EVENTS eldercare.visit.overdue events produced onto governance's topic and
 *    read by its inbox (envelope validation, inbox claim, the handler's checks and INSERT, per batch)
 *    against raw kafkajs consumers of the same events on their own topics: JSON.parse and one INSERT per
 *    message, and one multi-row INSERT per fetched batch. Time runs from the first produced record
 *    to the last row stored; the produce time alone and the handler's SQL alone are printed beside it.
 *
 * Usage: npm run bench:governance (or node -r @swc-node/register apps/governance/bench/governance-bench.ts)
 * Tunables: BENCH_ORGS (100000), BENCH_SAMPLE (100), BENCH_EVENTS (3000), BENCH_ROUNDS (3).
 * Reads DATABASE_URL and KAFKA_BROKERS from the environment or .infra.env; creates and drops its schemas
 * and topics.
 */
import 'reflect-metadata';
import { createEvent, ORGANISATION_KINDS, producerOf, toKafkaRecord, Topics, VisitOverdueV1 } from '@civic/contracts';
import {
  createKafka,
  deleteTopics,
  ensureTopics,
  inboxTransportFor,
  KafkaConnection,
  physicalTopic,
} from '@civic/messaging';
import { addDays } from '@civic/calendar';
import { Clock, createServiceApp, ServiceApp, signDevTokenFor } from '@civic/platform';
import { loadParameters } from '@civic/policy-params';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { GovernanceConfig } from '../src/governance.config';
import { drawSample } from '../src/inspections/draw';
import { GOVERNANCE_TOPICS } from '../src/persistence/governance-topics';
import { dueDaysKey } from '../src/visit-tasks/visit-request';
import { VisitTasksService } from '../src/visit-tasks/visit-tasks.service';

const ORGS = Number(process.env.BENCH_ORGS ?? 100_000);
const SAMPLE = Number(process.env.BENCH_SAMPLE ?? 100);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 3_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PRODUCE_BATCH = 500;

const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (n: number) => new Promise((r) => setTimeout(r, n));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

// libs/testing is for tests only, so the few helpers a standalone script needs are here
const root = resolve(__dirname, '..', '..', '..');
function loadInfraEnv(): void {
  const file = join(root, '.infra.env');
  if (!existsSync(file)) return;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^export (\w+)=(.*)$/.exec(line.trim());
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2];
  }
}
const uniqueName = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
async function freshSchema(prefix: string) {
  const base = process.env.DATABASE_URL!;
  const schema = uniqueName(prefix);
  const admin = async (sql: string) => {
    const c = new Client({ connectionString: base });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  await admin(`CREATE SCHEMA "${schema}"`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { schema, url: url.toString(), drop: () => admin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`) };
}

async function waitUntil(what: string, fn: () => Promise<boolean>, timeoutMs = 600_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await fn())) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

/** N overdue-visit events of one round, built (and validated by createEvent) before any clock starts. */
function overdueEvents(round: string, n: number, towns: string[]) {
  return Array.from({ length: n }, (_, i) =>
    createEvent(
      VisitOverdueV1,
      {
        elderId: `elder-${round}-${i}`,
        personRef: `b1:${createHash('sha256').update(`${round}:${i}`).digest('base64url')}`,
        town: towns[i % towns.length],
        lastVisitedOn: '2026-08-01',
        dueDate: '2026-09-01',
        daysOverdue: 30,
      },
      { source: producerOf(VisitOverdueV1) },
    ),
  );
}

async function produce(conn: KafkaConnection, topic: string, events: ReturnType<typeof overdueEvents>) {
  const producer = createKafka(conn).producer();
  await producer.connect();
  try {
    for (let i = 0; i < events.length; i += PRODUCE_BATCH) {
      const records = events.slice(i, i + PRODUCE_BATCH).map((e) => toKafkaRecord(e, topic));
      await producer.send({
        topic,
        messages: records.map((r) => ({ key: r.key, value: r.value, headers: r.headers })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** A raw kafkajs consumer storing each event's fields with plain INSERTs, joined before it is returned. */
async function rawConsumer(conn: KafkaConnection, topic: string, pool: Pool, table: string, perBatch: boolean) {
  const consumer = createKafka(conn).consumer({ groupId: `${conn.topicPrefix}raw` });
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const row = (value: Buffer | null) => {
    const e = JSON.parse(value!.toString()) as {
      id: string;
      data: { personRef: string; town: string; elderId: string };
    };
    return [e.id, e.data.personRef, e.data.town, e.data.elderId];
  };
  if (perBatch)
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachBatch: async ({ batch }) => {
        const rows = batch.messages.map((m) => row(m.value));
        await pool.query(
          `INSERT INTO ${table} (event_id, person_ref, town, request_ref)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
          [0, 1, 2, 3].map((k) => rows.map((r) => r[k])),
        );
      },
    });
  else
    await consumer.run({
      partitionsConsumedConcurrently: 3,
      eachMessage: async ({ message }) => {
        await pool.query(
          `INSERT INTO ${table} (event_id, person_ref, town, request_ref) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          row(message.value),
        );
      },
    });
  await joined;
  return consumer;
}

async function main() {
  loadInfraEnv();
  if (!process.env.DATABASE_URL || !process.env.KAFKA_BROKERS)
    throw new Error('DATABASE_URL and KAFKA_BROKERS are not set and .infra.env has none: run bash infra/up.sh');
  const brokers = process.env.KAFKA_BROKERS.split(',');
  const prefix = (name: string) => `${uniqueName(name).replace(/_/g, '-')}.`;
  const conns = {
    app: { brokers, clientId: 'bench-governance', topicPrefix: prefix('bench_gov') },
    rawMessage: { brokers, clientId: 'bench-raw', topicPrefix: prefix('bench_raw_msg') },
    rawBatch: { brokers, clientId: 'bench-raw', topicPrefix: prefix('bench_raw_batch') },
  };
  const created = [
    ...(await ensureTopics(conns.app, GOVERNANCE_TOPICS, { partitions: 3 })).map((t) => [conns.app, t] as const),
    ...(await ensureTopics(conns.rawMessage, [Topics.EldercareVisit], { partitions: 3 })).map(
      (t) => [conns.rawMessage, t] as const,
    ),
    ...(await ensureTopics(conns.rawBatch, [Topics.EldercareVisit], { partitions: 3 })).map(
      (t) => [conns.rawBatch, t] as const,
    ),
  ];
  const schema = await freshSchema('bench_gov');
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS,
    TOPIC_PREFIX: conns.app.topicPrefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    RELAY_POLL_INTERVAL_MS: '200',
    OVERDUE_SCAN_INTERVAL_MS: '0',
    LOG_LEVEL: 'error',
  };
  let app: ServiceApp | undefined;
  const pool = new Pool({ connectionString: schema.url, max: 6 });
  const consumers: { disconnect(): Promise<void> }[] = [];
  try {
    app = await createServiceApp(AppModule, {
      name: 'governance',
      config: GovernanceConfig,
      env,
      transports: (a) => [inboxTransportFor(a)],
    });
    await waitUntil(
      'governance ready',
      async () => (await app!.inject({ method: 'GET', url: '/health/ready' })).statusCode === 200,
    );
    const towns: string[] = (await pool.query(`SELECT code FROM division WHERE level = 'town' ORDER BY code`)).rows.map(
      (r) => r.code,
    );
    console.log(
      `governance bench: ${ORGS} organisations, sample ${SAMPLE}, ${EVENTS} events, ${ROUNDS} rounds; ${cpus().length} CPUs, Node ${process.version}, load ${load()}`,
    );

    // ---- 1. the inspection draw
    await pool.query(
      `INSERT INTO social_organisation (organisation_id, registration_number, name, kind, town, registered_on, registered_by)
       SELECT 'org-' || lpad(i::text, 7, '0'), 'REG-' || i, 'Organisation ' || i, ($2::text[])[1 + i % 4],
              ($3::text[])[1 + i % cardinality($3::text[])], DATE '2015-01-01' + (i % 3000), 'bench'
       FROM generate_series(1, $1) i`,
      [ORGS, [...ORGANISATION_KINDS], towns],
    );
    await pool.query(`ANALYZE social_organisation`);
    const supervisor = await signDevTokenFor(env, { sub: 'bench', roles: ['governance:supervisor'] });
    const draws: { service: number; md5: number; sha: number }[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      const seed = `bench-${r}-${randomBytes(6).toString('hex')}`;
      const service = async () => {
        const t0 = performance.now();
        const res = await app!.inject({
          method: 'POST',
          url: '/api/v1/inspections',
          headers: { authorization: `Bearer ${supervisor}`, 'content-type': 'application/json' },
          payload: JSON.stringify({ name: `bench ${r}`, sampleSize: SAMPLE, seed }),
        });
        const t = ms(t0);
        if (res.statusCode !== 201) throw new Error(`draw answered ${res.statusCode}: ${res.body}`);
        const body = JSON.parse(res.body) as { selected: string[]; population: number };
        if (body.population !== ORGS || body.selected.length !== SAMPLE) throw new Error('draw drew the wrong numbers');
        return { t, selected: body.selected };
      };
      const bare = async (order: string) => {
        const t0 = performance.now();
        const { rows } = await pool.query(
          `SELECT organisation_id FROM social_organisation ORDER BY ${order} LIMIT $2`,
          [seed, SAMPLE],
        );
        return { t: ms(t0), selected: rows.map((x) => x.organisation_id as string) };
      };
      const md5 = () => bare(`md5($1 || organisation_id)`);
      const sha = () => bare(`sha256(convert_to($1 || ':' || organisation_id, 'UTF8'))`);
      // alternate the order, so neither side always runs on a warmer cache
      let s, m, h;
      if (r % 2) {
        s = await service();
        m = await md5();
        h = await sha();
      } else {
        h = await sha();
        m = await md5();
        s = await service();
      }
      if (JSON.stringify(h.selected) !== JSON.stringify(s.selected))
        throw new Error('the sha256 query did not select what the service drew');
      draws.push({ service: s.t, md5: m.t, sha: h.t });
      console.log(
        `draw round ${r}: service ${s.t.toFixed(0)} ms, bare md5 ${m.t.toFixed(0)} ms, bare sha256 ${h.t.toFixed(0)} ms (same ${SAMPLE} ids as the service), service/md5 ${(s.t / m.t).toFixed(1)}x, load ${load()}`,
      );
    }
    console.log(
      `draw median: service ${median(draws.map((d) => d.service)).toFixed(0)} ms, md5 ${median(draws.map((d) => d.md5)).toFixed(0)} ms, sha256 ${median(draws.map((d) => d.sha)).toFixed(0)} ms; service/md5 median ${median(draws.map((d) => d.service / d.md5)).toFixed(1)}x`,
    );
    // where the service's time goes: the steps one by one on the same data; the Node path is how the service
    // drew until the lots moved into its query (read every id, SHA-256 per id and sort in Node, digest)
    {
      const seed = 'bench-steps';
      let t0 = performance.now();
      const ids = (
        await pool.query(`SELECT organisation_id FROM social_organisation ORDER BY organisation_id`)
      ).rows.map((x) => x.organisation_id as string);
      const read = ms(t0);
      t0 = performance.now();
      drawSample(seed, ids, SAMPLE);
      const lots = ms(t0);
      t0 = performance.now();
      createHash('sha256')
        .update([...ids].sort().join('\n'))
        .digest('hex');
      const digest = ms(t0);
      t0 = performance.now();
      await pool.query(
        `SELECT encode(sha256(convert_to(string_agg(organisation_id, E'\\n' ORDER BY organisation_id COLLATE "C"), 'UTF8')), 'hex') FROM social_organisation`,
      );
      const sqlDigest = ms(t0);
      t0 = performance.now();
      await pool.query(`SELECT count(*) FROM social_organisation`);
      const sqlCount = ms(t0);
      console.log(
        `draw steps: Node path: read ${ORGS} ids ${read.toFixed(0)} ms, SHA-256 lots + sort (drawSample) ${lots.toFixed(0)} ms, digest ${digest.toFixed(0)} ms; ` +
          `SQL path: lots = the bare sha256 query above, digest (string_agg + sha256) ${sqlDigest.toFixed(0)} ms, count ${sqlCount.toFixed(0)} ms`,
      );
    }

    // ---- 2. visit-task intake
    await pool.query(
      `CREATE TABLE raw_message (event_id text PRIMARY KEY, person_ref text NOT NULL, town text NOT NULL, request_ref text NOT NULL)`,
    );
    await pool.query(`CREATE TABLE raw_batch (LIKE raw_message INCLUDING ALL)`);
    const topic = (c: KafkaConnection) => physicalTopic(c.topicPrefix, Topics.EldercareVisit);
    consumers.push(await rawConsumer(conns.rawMessage, topic(conns.rawMessage), pool, 'raw_message', false));
    consumers.push(await rawConsumer(conns.rawBatch, topic(conns.rawBatch), pool, 'raw_batch', true));
    const count = async (table: string) =>
      Number((await pool.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n);
    const intake = async (conn: KafkaConnection, table: string, events: ReturnType<typeof overdueEvents>) => {
      const target = (await count(table)) + events.length;
      const t0 = performance.now();
      await produce(conn, topic(conn), events);
      const produced = ms(t0);
      await waitUntil(`${table} to hold ${target} rows`, async () => (await count(table)) >= target);
      return { total: ms(t0), produced };
    };
    const rounds: Record<'inbox' | 'message' | 'batch', { total: number; produced: number }[]> = {
      inbox: [],
      message: [],
      batch: [],
    };
    for (let r = 1; r <= ROUNDS; r++) {
      const events = overdueEvents(`r${r}`, EVENTS, towns);
      const sides = [
        ['inbox', () => intake(conns.app, 'visit_task', events)],
        ['message', () => intake(conns.rawMessage, 'raw_message', events)],
        ['batch', () => intake(conns.rawBatch, 'raw_batch', events)],
      ] as const;
      const order = r % 2 ? sides : [...sides].reverse();
      for (const [name, run] of order) rounds[name].push(await run());
      const f = (x: { total: number; produced: number }) =>
        `${x.total.toFixed(0)} ms (${Math.round((EVENTS * 1000) / x.total)}/s; produced in ${x.produced.toFixed(0)} ms)`;
      console.log(
        `intake round ${r}: inbox ${f(rounds.inbox[r - 1])}; raw per message ${f(rounds.message[r - 1])}; raw per batch ${f(rounds.batch[r - 1])}; load ${load()}`,
      );
    }
    const med = (k: 'inbox' | 'message' | 'batch') => median(rounds[k].map((x) => x.total));
    console.log(
      `intake median: inbox ${med('inbox').toFixed(0)} ms, raw per message ${med('message').toFixed(0)} ms, raw per batch ${med('batch').toFixed(0)} ms; inbox/raw-message ${(med('inbox') / med('message')).toFixed(1)}x, inbox/raw-batch ${(med('inbox') / med('batch')).toFixed(1)}x`,
    );
    // the handler's SQL alone (dead check, open-task check, assignment look-up, INSERT), in transactions of
    // 100 as the inbox batches them, without Kafka, envelope validation or the inbox claim
    {
      const events = overdueEvents('direct', EVENTS, towns);
      const tasks = app.get(VisitTasksService);
      const ds = app.get(DataSource);
      const t0 = performance.now();
      for (let i = 0; i < events.length; i += 100)
        await ds.transaction(async (m) => {
          for (const e of events.slice(i, i + 100))
            await tasks.receive(m, e, {
              requestedBy: 'eldercare',
              kind: 'elder-visit',
              requestRef: e.data.elderId,
              personRef: e.data.personRef,
              town: e.data.town,
            });
        });
      const t = ms(t0);
      // the same statements one kind at a time (TypeORM manager, transactions of 100), and the in-memory work
      const step = async (what: string, sql: string, args: (e: (typeof events)[number], i: number) => unknown[]) => {
        const s0 = performance.now();
        for (let i = 0; i < events.length; i += 100)
          await ds.transaction(async (m) => {
            for (const [k, e] of events.slice(i, i + 100).entries()) await m.query(sql, args(e, i + k));
          });
        console.log(`  ${what}: ${(ms(s0) / EVENTS).toFixed(2)} ms per event`);
      };
      await step('dead check', `SELECT death_date FROM person_death WHERE person_ref = $1`, (e) => [e.data.personRef]);
      await step(
        'open-task check',
        `SELECT task_id FROM visit_task WHERE requested_by = 'eldercare' AND kind = 'elder-visit' AND request_ref = $1 AND person_ref = $2 AND status IN ('open', 'scheduled')`,
        (e) => [e.data.elderId, e.data.personRef],
      );
      await step(
        'assignment look-up',
        `SELECT a.social_worker_id FROM assignment a JOIN social_worker w USING (social_worker_id)
         WHERE a.person_ref = $1 AND a.ended_on IS NULL AND w.certificate_number IS NOT NULL LIMIT 1`,
        (e) => [e.data.personRef],
      );
      await step(
        'INSERT visit_task',
        `INSERT INTO visit_task (task_id, cause_event_id, requested_by, kind, request_ref, person_ref, town, received_on, due_date, status)
         VALUES ($1, $2, 'eldercare', 'elder-visit', $3, $4, $5, DATE '2026-11-30', DATE '2026-12-07', 'open')`,
        (e, i) => [`step-${i}`, `step-${e.id}`, e.data.elderId, e.data.personRef, e.data.town],
      );
      {
        const clock = app.get(Clock);
        const params = loadParameters();
        const s0 = performance.now();
        for (let i = 0; i < EVENTS; i++) {
          const today = clock.today();
          addDays(today, params.countAt(dueDaysKey('elder-visit'), today));
          randomUUID();
        }
        console.log(`  business date, due date and task id (in memory): ${(ms(s0) / EVENTS).toFixed(3)} ms per event`);
      }
      const c = await pool.connect();
      const r0 = performance.now();
      for (let i = 0; i < 200; i++) await c.query('SELECT 1');
      const roundTrip = ms(r0) / 200;
      c.release();
      console.log(`one SELECT 1 round trip to PostgreSQL: ${roundTrip.toFixed(2)} ms`);
      console.log(
        `intake steps: the handler's SQL alone ${t.toFixed(0)} ms for ${EVENTS} events (${Math.round((EVENTS * 1000) / t)}/s), load ${load()}`,
      );
    }
  } finally {
    for (const c of consumers) await c.disconnect().catch(() => undefined);
    await app?.close();
    await pool.end();
    for (const [conn, t] of created) await deleteTopics(conn, [t]).catch(() => undefined);
    await schema.drop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
