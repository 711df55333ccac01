import { DataSource } from 'typeorm';
import { COUNTER_TOPIC, counterEvent } from '../../test-support/counter-events';
import { isolatedSchema, isolatedTopics, waitUntil } from '../../test-support/isolation';
import { counterHandler, openMessagingDb } from '../../test-support/messaging-db';
import { Child, removeCompiledChildren, spawnChild } from '../../test-support/spawn-child';
import { InboxConsumer } from '../inbox/inbox-consumer';
import { Outcome } from '../inbox/inbox-consumer.options';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';
import { PENDING_COUNT_SQL } from './outbox-pending';

// the 120 s testTimeout on the integration project entry is not applied (jest takes it only at the top level)
jest.setTimeout(180_000);

const PARALLEL = 4;
const RUNS = Number(process.env.R1_RUNS ?? 20);
// kill points: after reading a batch (before publish), after the broker acked (before marking
// sent), after marking, and at a random moment inside the cycle
const CRASH_POINTS = ['selected', 'published', 'marked', 'random'];

describe('outbox relay under SIGKILL (R1)', () => {
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  let topics: Awaited<ReturnType<typeof isolatedTopics>>;
  let ds: DataSource;
  let consumer: InboxConsumer;
  const children = new Set<Child>();

  beforeAll(async () => {
    [schema, topics] = await Promise.all([isolatedSchema('r1'), isolatedTopics('r1', [COUNTER_TOPIC], 3)]);
    ds = await openMessagingDb(schema.url);
  });
  afterAll(async () => {
    for (const c of children) c.proc.kill('SIGKILL');
    removeCompiledChildren();
    await consumer?.stop();
    await ds?.destroy();
    await Promise.all([schema?.drop(), topics?.drop()]);
  });

  it(`delivers every committed event with one effect each, in order per aggregate, across ${RUNS} relay processes killed mid-cycle`, async () => {
    const outcomes: Outcome[] = [];
    consumer = new InboxConsumer({
      dataSource: ds,
      kafka: topics.connection,
      service: 'testkit',
      consumer: 'r1',
      topics: [COUNTER_TOPIC],
      handle: counterHandler(),
      onStep: (step, r) => void (step === 'offset-committed' && outcomes.push(r.outcome)),
    });
    await consumer.start();

    // the service keeps committing state changes with their events while relays die
    const outbox = new Outbox();
    const committed: string[] = [];
    const seqs = new Map<string, number>();
    let inserting = true;
    const inserter = (async () => {
      for (let i = 0; inserting; i++) {
        const events = [0, 1].map((j) => {
          const counter = `k${(i * 2 + j) % 8}`;
          const seq = (seqs.get(counter) ?? 0) + 1;
          seqs.set(counter, seq);
          return counterEvent(counter, seq);
        });
        await ds.transaction((m) => outbox.appendAll(m, events));
        committed.push(...events.map((e) => e.id));
        await new Promise((r) => setTimeout(r, 100));
      }
    })();

    const env = {
      DATABASE_URL: schema.url,
      KAFKA_BROKERS: topics.connection.brokers.join(','),
      TOPIC_PREFIX: topics.connection.topicPrefix!,
    };
    const spawnRelay = (crashAt: string) => {
      const c = spawnChild('relay-child.ts', { ...env, CRASH_AT: crashAt }, true);
      children.add(c);
      c.exited.then(() => children.delete(c));
      return c;
    };
    // several relay processes at a time, as replicas: whichever holds the outbox lock dies at its
    // crash point, a standby takes over, and a fresh one is started in its place
    const t0 = Date.now();
    let spawned = 0;
    let kills = 0;
    const alive = new Set<Child>();
    while (kills < RUNS) {
      while (alive.size < PARALLEL && spawned < RUNS)
        alive.add(spawnRelay(CRASH_POINTS[spawned++ % CRASH_POINTS.length]));
      const dead = await Promise.race([...alive].map((c) => c.exited.then((e) => ({ c, e }))));
      alive.delete(dead.c);
      if (dead.e.signal !== 'SIGKILL')
        throw new Error(`relay child exited with ${dead.e.code}, not by its own SIGKILL: ${dead.c.output()}`);
      kills++;
      if (process.env.DEBUG_R1) console.log('kill', kills, Date.now() - t0, committed.length);
    }
    inserting = false;
    await inserter;

    // the restart: a relay that is not killed (in this process, which has it loaded already)
    const survivor = new OutboxRelay({
      dataSource: ds,
      kafka: topics.connection,
      service: 'testkit',
      pollIntervalMs: 20,
    });
    await survivor.start();
    await waitUntil('the outbox to drain', async () => (await ds.query(PENDING_COUNT_SQL))[0].n === 0, 60_000);
    if (process.env.DEBUG_R1)
      console.log(
        'outbox drained',
        Date.now() - t0,
        (await ds.query(`SELECT count(*)::int AS n FROM counter_effect`))[0].n,
      );
    await waitUntil(
      'every committed event to be applied',
      async () => (await ds.query(`SELECT count(*)::int AS n FROM counter_effect`))[0].n >= committed.length,
      60_000,
    );
    if (process.env.DEBUG_R1) console.log('drained', Date.now() - t0, committed.length);
    await survivor.stop();

    const effects: { counter_id: string; seq: number; event_id: string }[] = await ds.query(
      `SELECT counter_id, seq, event_id FROM counter_effect ORDER BY id`,
    );
    expect(effects).toHaveLength(committed.length);
    expect(new Set(effects.map((e) => e.event_id))).toEqual(new Set(committed));
    for (const [counter, last] of seqs) {
      expect(effects.filter((e) => e.counter_id === counter).map((e) => e.seq)).toEqual(
        Array.from({ length: last }, (_, i) => i + 1),
      );
    }
    // kills between publish and mark-sent must have republished something, which the inbox absorbed
    expect(outcomes.filter((o) => o === 'duplicate').length).toBeGreaterThan(0);
    expect(committed.length).toBeGreaterThan(RUNS);
  });
});
