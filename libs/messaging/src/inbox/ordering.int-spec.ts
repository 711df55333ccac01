import { DataSource } from 'typeorm';
import { COUNTER_TOPIC, counterEvent } from '../../test-support/counter-events';
import { isolatedSchema, isolatedTopics, waitUntil } from '../../test-support/isolation';
import { counterHandler, openMessagingDb } from '../../test-support/messaging-db';
import { InboxConsumer } from './inbox-consumer';
import { Outbox } from '../outbox/outbox';
import { OutboxRelay } from '../outbox/outbox-relay';

// the 120 s testTimeout on the integration project entry is not applied (jest takes it only at the top level)
jest.setTimeout(180_000);

const AGGREGATES = 100;
const EVENTS_EACH = 20;

describe('per-aggregate order (R7)', () => {
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  let topics: Awaited<ReturnType<typeof isolatedTopics>>;
  let ds: DataSource;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    [schema, topics] = await Promise.all([isolatedSchema('r7'), isolatedTopics('r7', [COUNTER_TOPIC], 6)]);
    ds = await openMessagingDb(schema.url);
  });
  afterAll(async () => {
    for (const s of stops) await s().catch(() => undefined);
    await ds?.destroy();
    await Promise.all([schema?.drop(), topics?.drop()]);
  });

  it(`applies ${AGGREGATES} aggregates x ${EVENTS_EACH} events in order per aggregate, with two relays and one event failing twice`, async () => {
    // the events of each aggregate are committed in order but interleaved with every other aggregate's
    const outbox = new Outbox();
    const all = Array.from({ length: EVENTS_EACH }, (_, s) =>
      Array.from({ length: AGGREGATES }, (_, a) => counterEvent(`agg-${a}`, s + 1)),
    ).flat();
    for (let i = 0; i < all.length; i += 250) await ds.transaction((m) => outbox.appendAll(m, all.slice(i, i + 250)));

    const flaky = all.find((e) => e.subject === 'agg-42' && e.data.seq === 7)!;
    const failures: number[] = [];
    const consumer = new InboxConsumer({
      dataSource: ds,
      kafka: topics.connection,
      service: 'testkit',
      consumer: 'r7',
      topics: [COUNTER_TOPIC],
      partitionsConsumedConcurrently: 6,
      retry: { attempts: 5, initialBackoffMs: 20 },
      handle: counterHandler((e, attempt) =>
        e.id === flaky.id && attempt <= 2 ? (failures.push(attempt), new Error('transient: lock timeout')) : undefined,
      ),
    });
    // two relay instances: only the one holding the outbox lock publishes, so none reorders or double-claims
    const relays = [0, 1].map(
      () =>
        new OutboxRelay({
          dataSource: ds,
          kafka: topics.connection,
          service: 'testkit',
          batchSize: 200,
          pollIntervalMs: 20,
        }),
    );
    for (const r of [consumer, ...relays]) stops.push(() => r.stop());
    await Promise.all([consumer.start(), ...relays.map((r) => r.start())]);

    await waitUntil(
      'every event applied',
      async () => (await ds.query(`SELECT count(*)::int AS n FROM counter_effect`))[0].n >= all.length,
      120_000,
    );
    expect(relays.map((r) => r.status().role).sort()).toEqual(['leader', 'standby']);
    expect(failures).toEqual([1, 2]);

    const effects: { counter_id: string; seq: number }[] = await ds.query(
      `SELECT counter_id, seq FROM counter_effect ORDER BY id`,
    );
    expect(effects).toHaveLength(all.length);
    const byAggregate = new Map<string, number[]>();
    for (const e of effects) byAggregate.set(e.counter_id, [...(byAggregate.get(e.counter_id) ?? []), e.seq]);
    const expected = Array.from({ length: EVENTS_EACH }, (_, i) => i + 1);
    const outOfOrder = [...byAggregate].filter(([, seqs]) => seqs.join() !== expected.join());
    expect(outOfOrder).toEqual([]);
    expect(byAggregate.size).toBe(AGGREGATES);
    const [{ sent }] = await ds.query(
      `SELECT count(*)::int AS sent FROM outbox_message m WHERE NOT EXISTS (SELECT 1 FROM outbox_pending p WHERE p.id = m.id)`,
    );
    expect(sent).toBe(all.length);
  });
});
