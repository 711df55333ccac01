import { Client } from 'pg';
import { register } from 'prom-client';
import { DataSource } from 'typeorm';
import { COUNTER_TOPIC, counterEvent } from '../../test-support/counter-events';
import { isolatedSchema, isolatedTopics, waitUntil } from '../../test-support/isolation';
import { openMessagingDb } from '../../test-support/messaging-db';
import { Outbox, VALUES_APPEND_MAX } from './outbox';
import { toKafkaRecord } from '@civic/contracts';
import { OutboxRelay } from './outbox-relay';
import { EVENT_SENT_SQL } from './outbox-pending';

/**
 * Waits until the relay has marked every row, then checks that its one-partition topic holds exactly
 * `events`, once each, in order (a duplicate or a reordering shows in the whole topic up to its end).
 */
async function expectAllPublishedInOrder(
  relay: OutboxRelay,
  own: Awaited<ReturnType<typeof isolatedTopics>>,
  events: { id: string }[],
  timeoutMs?: number,
): Promise<void> {
  await waitUntil('every row marked', async () => (await relay.backlog()).pending === 0, timeoutMs);
  await new Promise((r) => setTimeout(r, 300)); // a row published twice would be on the topic by now
  const records = await own.probe.readAll(own.connection.topicPrefix!);
  expect(records.map((r) => (r.json as { id: string }).id)).toEqual(events.map((e) => e.id));
}

// the 120 s testTimeout on the integration project entry is not applied (jest takes it only at the top level)
jest.setTimeout(120_000);

describe('transactional outbox and relay', () => {
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  let topics: Awaited<ReturnType<typeof isolatedTopics>>;
  let ds: DataSource;
  const outbox = new Outbox();

  beforeAll(async () => {
    [schema, topics] = await Promise.all([isolatedSchema('outbox'), isolatedTopics('outbox', [COUNTER_TOPIC], 1)]);
    ds = await openMessagingDb(schema.url);
    await ds.query(`CREATE TABLE counter_state (counter_id text PRIMARY KEY, value int NOT NULL)`);
  });
  afterAll(async () => {
    await ds?.destroy();
    await Promise.all([schema?.drop(), topics?.drop()]);
  });

  const relayFor = () =>
    new OutboxRelay({ dataSource: ds, kafka: topics.connection, service: 'outbox-test', pollIntervalMs: 20 });

  it('refuses to append outside a transaction, where the event could outlive its state change', async () => {
    await expect(outbox.append(ds.manager, counterEvent('c-x', 1))).rejects.toThrow(/open transaction/);
  });

  it('appends up to VALUES_APPEND_MAX events as a VALUES list and more as arrays: the same rows, ids in the given order', async () => {
    for (const n of [1, VALUES_APPEND_MAX, VALUES_APPEND_MAX + 1]) {
      // keys out of order, so that an insert in key or id order would show
      const events = Array.from({ length: n }, (_, i) => counterEvent(`c-append-${n}-${(i * 7) % n}`, i + 1, 'ï'));
      await ds.transaction((m) => outbox.appendAll(m, events));
      const rows = await ds.query(
        `SELECT event_id, topic, message_key, event_type, payload, headers FROM outbox_message
         WHERE event_id = ANY($1::uuid[]) ORDER BY id`,
        [events.map((e) => e.id)],
      );
      expect(rows.map((r: { event_id: string }) => r.event_id)).toEqual(events.map((e) => e.id));
      // a VALUES list inserts in list order; the arrays are ordered by their ordinality
      for (const [i, e] of events.entries()) {
        const record = toKafkaRecord(e, COUNTER_TOPIC);
        expect(rows[i]).toEqual({
          event_id: e.id,
          topic: COUNTER_TOPIC,
          message_key: record.key,
          event_type: e.type,
          payload: record.value,
          headers: record.headers,
        });
      }
    }
    await ds.query(`TRUNCATE outbox_message, outbox_pending`); // the tests below count the table's rows
  });

  it('R2: publishes the event of a committed change and nothing of a rolled-back one', async () => {
    const rolledBack = counterEvent('c-r2', 1, 'rolled back');
    const committed = counterEvent('c-r2', 1, 'committed');
    await expect(
      ds.transaction(async (m) => {
        await m.query(`INSERT INTO counter_state VALUES ('c-r2', 1)`);
        await outbox.append(m, rolledBack);
        throw new Error('business rule failed after the outbox insert');
      }),
    ).rejects.toThrow('business rule failed');
    await ds.transaction(async (m) => {
      await m.query(`INSERT INTO counter_state VALUES ('c-r2', 1)`);
      await outbox.append(m, committed);
    });
    const relay = relayFor();
    await relay.start();
    try {
      // one partition and id-ordered publishing: anything committed before `committed` would precede it
      const records = await topics.collect(topics.topic(COUNTER_TOPIC), 1);
      expect(records.map((r) => (r.json as { id: string }).id)).toEqual([committed.id]);
      expect(records[0].key).toBe('c-r2');
      expect(records[0].headers.ce_id).toBe(committed.id);
      const rows = await ds.query(`SELECT event_id FROM outbox_message`);
      expect(rows).toHaveLength(1);
      expect(rows[0].event_id).toBe(committed.id);
    } finally {
      await relay.stop();
    }
  });

  it('wakes on commit: a relay polling once a minute publishes a committed event at once, and a rolled-back one never', async () => {
    // a topic of its own, so the records the other tests count stay theirs
    const own = await isolatedTopics('outbox-wake', [COUNTER_TOPIC], 1);
    const relay = new OutboxRelay({
      dataSource: ds,
      kafka: own.connection,
      service: 'outbox-test',
      pollIntervalMs: 60_000,
    });
    await relay.start();
    try {
      // the first cycle runs at start; wait until the relay sleeps in its minute-long poll interval
      await waitUntil('the relay idle', async () => relay.status().lastCycleAt !== undefined);
      await new Promise((r) => setTimeout(r, 300));
      const rolledBack = counterEvent('c-wake', 1, 'rolled back');
      await expect(
        ds.transaction(async (m) => {
          await outbox.append(m, rolledBack);
          throw new Error('rolled back after the append');
        }),
      ).rejects.toThrow('rolled back');
      const committed = counterEvent('c-wake', 1, 'committed');
      const t0 = Date.now();
      await ds.transaction((m) => outbox.append(m, committed));
      await waitUntil(
        'the committed row marked sent',
        async () => (await ds.query(EVENT_SENT_SQL, [committed.id])).length === 1,
        15_000,
      );
      expect(Date.now() - t0).toBeLessThan(15_000); // far below the 60 s poll interval: the commit woke the relay
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM outbox_message WHERE event_id = $1`, [
        rolledBack.id,
      ]);
      expect(n).toBe(0);
    } finally {
      await relay.stop();
      await own.drop();
    }
  });

  it('pipelined batches: every row published once, in id order, while the next batch is read during each send', async () => {
    // a topic of its own with one partition, so its order is the publish order
    const own = await isolatedTopics('outbox-pipe', [COUNTER_TOPIC], 1);
    const events = Array.from({ length: 300 }, (_, i) => counterEvent(`c-pipe-${i % 5}`, 1 + Math.floor(i / 5)));
    await ds.transaction((m) => outbox.appendAll(m, events));
    const marks: string[][] = [];
    const relay = new OutboxRelay({
      dataSource: ds,
      kafka: own.connection,
      service: 'outbox-test',
      pollIntervalMs: 20,
      batchSize: 7, // 43 batches: each read overlaps a send, the marks of acked batches overlap both
      onStep: (step, ids) => void (step === 'marked' && marks.push(ids)),
    });
    await relay.start();
    try {
      await expectAllPublishedInOrder(relay, own, events);
      expect(marks.flat()).toHaveLength(events.length);
    } finally {
      await relay.stop();
      await own.drop();
    }
  });

  it('a batch stops at maxBatchBytes: large rows go in smaller sends, every row once, in id order', async () => {
    // a topic of its own with one partition, so its order is the publish order
    const own = await isolatedTopics('outbox-bytes', [COUNTER_TOPIC], 1);
    // rows of ~0.5, ~2.5 and ~4.5 KB (the note), two in three with a non-ASCII note (3 bytes a character in UTF-8)
    const events = Array.from({ length: 60 }, (_, i) =>
      counterEvent(`c-bytes-${i % 4}`, 1 + Math.floor(i / 4), (i % 3 ? '户' : 'n').repeat(128 + (i % 3) * 600)),
    );
    await ds.transaction((m) => outbox.appendAll(m, events));
    const maxBatchBytes = 12_000;
    const bytesOf = new Map<string, number>(
      (
        await ds.query(
          `SELECT id, 64 + octet_length(payload) + octet_length(message_key)
                  + (SELECT coalesce(sum(octet_length(key) + octet_length(value)), 0) FROM jsonb_each_text(headers)) AS bytes
           FROM outbox_message WHERE id IN (SELECT id FROM outbox_pending)`,
        )
      ).map((r: { id: string; bytes: number }) => [r.id, Number(r.bytes)]),
    );
    const sends: string[][] = [];
    const relay = new OutboxRelay({
      dataSource: ds,
      kafka: own.connection,
      service: 'outbox-test',
      pollIntervalMs: 20,
      batchSize: 50, // the row limit alone would send 50 rows (~150 KB) at once
      maxBatchBytes,
      onStep: (step, ids) => void (step === 'published' && sends.push(ids)),
    });
    await relay.start();
    try {
      await expectAllPublishedInOrder(relay, own, events);
      expect(sends.length).toBeGreaterThan(60 / 8);
      const bytes = (ids: string[]) => ids.reduce((sum, id) => sum + bytesOf.get(id)!, 0);
      for (const [i, ids] of sends.entries()) {
        expect(bytes(ids)).toBeLessThanOrEqual(maxBatchBytes);
        // as full as the bound allows: the next row (no row commits late here) would not have fitted
        if (i + 1 < sends.length) expect(bytes(ids) + bytesOf.get(sends[i + 1][0])!).toBeGreaterThan(maxBatchBytes);
      }
    } finally {
      await relay.stop();
      await own.drop();
    }
  });

  it('with the default bounds, a backlog of 1.8 MB on one partition is published though the broker takes 1 MB a record batch', async () => {
    const own = await isolatedTopics('outbox-large', [COUNTER_TOPIC], 1);
    // 600 rows of ~3 KB: the default 2000 rows a send would put all of them into one 1.8 MB record
    // batch, which the broker refuses (message.max.bytes, 1,048,588 by default) on every retry
    const events = Array.from({ length: 600 }, (_, i) =>
      counterEvent(`c-large-${i % 7}`, 1 + Math.floor(i / 7), 'n'.repeat(3_000)),
    );
    await ds.transaction((m) => outbox.appendAll(m, events));
    const relay = new OutboxRelay({
      dataSource: ds,
      kafka: own.connection,
      service: 'outbox-test',
      pollIntervalMs: 20,
    });
    await relay.start();
    try {
      await expectAllPublishedInOrder(relay, own, events, 20_000);
    } finally {
      await relay.stop();
      await own.drop();
    }
  });

  it('a commit landing after each ack is read at once, the acked batch still unmarked: every row once, in id order', async () => {
    // a topic of its own with one partition, so its order is the publish order
    const own = await isolatedTopics('outbox-reread', [COUNTER_TOPIC], 1);
    const events = Array.from({ length: 20 }, (_, i) => counterEvent('c-reread', i + 1));
    await ds.transaction((m) => outbox.append(m, events[0]));
    let appended = 1;
    const relay = new OutboxRelay({
      dataSource: ds,
      kafka: own.connection,
      service: 'outbox-test',
      pollIntervalMs: 60_000, // only wakes move it: each row is committed after the read that could have seen it
      batchSize: 1,
      onStep: async (step) => {
        if (step === 'published' && appended < events.length)
          await ds.transaction((m) => outbox.append(m, events[appended++]));
      },
    });
    await relay.start();
    try {
      await waitUntil(
        'every row marked',
        async () => appended === events.length && (await relay.backlog()).pending === 0,
        30_000,
      );
      await new Promise((r) => setTimeout(r, 300)); // a row published twice would be on the topic by now
      const records = await own.probe.readAll(own.connection.topicPrefix!);
      expect(records.map((r) => (r.json as { id: string }).id)).toEqual(events.map((e) => e.id));
    } finally {
      await relay.stop();
      await own.drop();
    }
  });

  it('a mark held up by a row lock holds back no send, lags by two batches at most, and its rows are not read again', async () => {
    // a topic of its own with one partition, so its order is the publish order
    const own = await isolatedTopics('outbox-marks', [COUNTER_TOPIC], 1);
    const events = Array.from({ length: 42 }, (_, i) => counterEvent(`c-mark-${i % 3}`, 1 + Math.floor(i / 3)));
    await ds.transaction((m) => outbox.appendAll(m, events));
    const ids: string[] = (await ds.query(`SELECT id FROM outbox_pending ORDER BY id`)).map(
      (r: { id: string }) => r.id,
    );
    expect(ids).toHaveLength(events.length);
    // another transaction holds the first batch's pending rows: the relay's DELETE of them waits until it ends
    const locker = ds.createQueryRunner();
    await locker.connect();
    await locker.startTransaction();
    await locker.query(`SELECT 1 FROM outbox_pending WHERE id = ANY($1::bigint[]) FOR UPDATE`, [ids.slice(0, 6)]);
    const marked: string[] = [];
    const published: string[] = [];
    const relay = new OutboxRelay({
      dataSource: ds,
      kafka: own.connection,
      service: 'outbox-test',
      pollIntervalMs: 20,
      batchSize: 6,
      onStep: (step, batch) => void (step === 'marked' ? marked : step === 'published' ? published : []).push(...batch),
    });
    await relay.start();
    try {
      // the first batch's mark waits; the second and third batches are sent meanwhile, the fourth waits
      await waitUntil('three batches published', async () => published.length >= 18);
      await new Promise((r) => setTimeout(r, 300));
      expect(marked).toEqual([]);
      expect(published).toEqual(ids.slice(0, 18));
      await locker.commitTransaction();
      await waitUntil('every row marked', async () => (await relay.backlog()).pending === 0);
      await new Promise((r) => setTimeout(r, 300)); // a row published twice would be on the topic by now
      const records = await own.probe.readAll(own.connection.topicPrefix!);
      expect(records.map((r) => (r.json as { id: string }).id)).toEqual(events.map((e) => e.id));
      expect([...marked].sort()).toEqual([...ids].sort());
    } finally {
      if (locker.isTransactionActive) await locker.rollbackTransaction();
      await locker.release();
      await relay.stop();
      await own.drop();
    }
  });

  it('R10: relays a row committed after a later-numbered row was already published', async () => {
    const early = counterEvent('c-r10-a', 1, 'lower id, commits last');
    const late = counterEvent('c-r10-b', 1, 'higher id, commits first');
    const relay = relayFor();
    await relay.start();
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await outbox.append(runner.manager, early); // takes the lower id, stays uncommitted
      await ds.transaction((m) => outbox.append(m, late));
      // wait until the relay has polled past the gap: the higher id is published and marked
      await waitUntil('the relay', async () => (await ds.query(EVENT_SENT_SQL, [late.id])).length === 1);
      const [ids] = await ds.query(`SELECT (SELECT id FROM outbox_message WHERE event_id = $1) AS late_id`, [late.id]);
      await runner.commitTransaction();
      const [{ id: earlyId }] = await ds.query(`SELECT id FROM outbox_message WHERE event_id = $1`, [early.id]);
      expect(Number(earlyId)).toBeLessThan(Number(ids.late_id));
      const records = await topics.collect(topics.topic(COUNTER_TOPIC), 3);
      expect(records.map((r) => (r.json as { id: string }).id).slice(1)).toEqual([late.id, early.id]);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
      await relay.stop();
    }
  });

  it('a standby relay publishes nothing while another holds the outbox lock, reports the backlog, and takes over when the holder dies', async () => {
    const holder = new Client({ connectionString: schema.url });
    await holder.connect();
    await holder.query(`SELECT pg_advisory_lock(hashtext('civic.outbox'), hashtext(current_schema()))`);
    const pending = [counterEvent('c-m', 1), counterEvent('c-m', 2)];
    await ds.transaction((m) => outbox.appendAll(m, pending));
    await ds.query(`UPDATE outbox_message SET created_at = now() - interval '90 seconds' WHERE event_id = $1`, [
      pending[0].id,
    ]);
    const relay = relayFor();
    await relay.start();
    try {
      await waitUntil('the relay', async () => relay.status().role === 'standby');
      const text = await register.metrics();
      expect(text).toMatch(/outbox_backlog_messages\{service="outbox-test"\} 2\n/);
      expect(
        Number(/outbox_oldest_pending_age_seconds\{service="outbox-test"\} ([\d.]+)/.exec(text)![1]),
      ).toBeGreaterThanOrEqual(90);
      expect((await relay.backlog()).pending).toBe(2);

      await holder.end(); // the leader's session ends, as when its process is killed
      await waitUntil('the relay', async () => (await relay.backlog()).pending === 0);
      expect(relay.status().role).toBe('leader');
      const after = await register.metrics();
      expect(after).toMatch(/outbox_backlog_messages\{service="outbox-test"\} 0\n/);
      expect(after).toMatch(/outbox_oldest_pending_age_seconds\{service="outbox-test"\} 0\n/);
      expect(Number(/outbox_published_total\{service="outbox-test"\} (\d+)/.exec(after)![1])).toBeGreaterThanOrEqual(2);
    } finally {
      await holder.end().catch(() => undefined);
      await relay.stop();
    }
  });

  it('a lock session that fails its set-up is closed before the next try: the relay never holds more than one', async () => {
    const relay = new OutboxRelay({
      dataSource: ds,
      kafka: topics.connection,
      service: 'outbox-setup',
      pollIntervalMs: 20,
    });
    // the set-up fails (as when the server refuses LISTEN) on the first four tries, then succeeds
    let tries = 0;
    const inner = relay as unknown as { prepareSession(c: Client): Promise<void> };
    const prepare = inner.prepareSession.bind(relay);
    inner.prepareSession = async (client: Client) => {
      if (++tries <= 4) throw new Error('set-up refused');
      return prepare(client);
    };
    const sessions = async () => {
      const [{ n }] = await ds.query(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'outbox-setup-outbox-relay'`,
      );
      return Number(n);
    };
    let most = 0;
    await relay.start();
    try {
      await waitUntil('the lead after four refused set-ups', async () => {
        most = Math.max(most, await sessions());
        return relay.status().role === 'leader';
      });
      expect(tries).toBe(5);
      expect(most).toBeLessThanOrEqual(1);
      expect(await sessions()).toBe(1);
    } finally {
      await relay.stop();
    }
    await waitUntil('the session closed', async () => (await sessions()) === 0);
  });
});
