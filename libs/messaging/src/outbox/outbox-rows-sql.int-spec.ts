import { toKafkaRecord } from '@civic/contracts';
import { DataSource } from 'typeorm';
import { COUNTER_TOPIC, counterEvent } from '../../test-support/counter-events';
import { isolatedSchema, isolatedTopics } from '../../test-support/isolation';
import { openMessagingDb } from '../../test-support/messaging-db';
import { OutboxRelay } from './outbox-relay';
import { outboxRowsSql } from './outbox-rows-sql';

jest.setTimeout(120_000);

describe('outbox rows written in SQL for a set', () => {
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  let topics: Awaited<ReturnType<typeof isolatedTopics>>;
  let ds: DataSource;

  beforeAll(async () => {
    [schema, topics] = await Promise.all([
      isolatedSchema('outbox_rows'),
      isolatedTopics('outbox_rows', [COUNTER_TOPIC], 1),
    ]);
    ds = await openMessagingDb(schema.url);
  });
  afterAll(async () => {
    await ds?.destroy();
    await Promise.all([schema?.drop(), topics?.drop()]);
  });

  it('appends one event per row, each stored exactly as Outbox.append stores it, and the relay publishes them', async () => {
    // quotes, a backslash and non-ASCII text: the spliced JSON must be escaped as JSON.stringify escapes it
    const template = counterEvent('c-0', 1, 'it\'s "set-based" \\ 一次');
    const rows: [string, number][] = [
      ['c-1', 7],
      ['c-"2"', 8],
      ['c-三', 9],
    ];
    const before = Date.now();
    const events = outboxRowsSql(
      {
        template,
        data: { counterId: 'r.counter_id', seq: 'r.seq' },
        subject: 'r.counter_id',
        rows: 'src',
        orderBy: 'r.seq',
      },
      3,
    );
    await ds.transaction((m) =>
      m.query(
        `WITH src AS (SELECT * FROM unnest($1::text[], $2::int[]) AS u(counter_id, seq)), announced AS (${events.sql})
         SELECT count(*) FROM announced`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), ...events.params],
      ),
    );
    const stored: Record<string, unknown>[] = await ds.query(
      `SELECT event_id, topic, message_key, event_type, payload, headers FROM outbox_message ORDER BY id`,
    );
    expect(stored).toHaveLength(3);
    stored.forEach((row, i) => {
      const [counterId, seq] = rows[i];
      const expected = {
        ...template,
        id: row.event_id as string,
        subject: counterId,
        data: { ...template.data, counterId, seq },
      };
      const record = toKafkaRecord(expected, COUNTER_TOPIC);
      expect(row).toEqual({
        event_id: expected.id,
        topic: COUNTER_TOPIC,
        message_key: counterId,
        event_type: template.type,
        payload: record.value,
        headers: record.headers,
      });
    });
    expect(new Set(stored.map((r) => r.event_id)).size).toBe(3);
    // the ids are UUIDv7 (RFC 9562) of the time the SQL was built, one counter step apart in row order:
    // version 7, variant 0b10, the same 48-bit ms timestamp and 12 random bits, the 62-bit counter + 1 per row
    const ids = stored.map((r) => r.event_id as string);
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const ms = parseInt(id.replace(/-/g, '').slice(0, 12), 16);
      expect(ms).toBeGreaterThanOrEqual(before);
      expect(ms).toBeLessThanOrEqual(Date.now());
    }
    const counter = (id: string) => BigInt(`0x${id.replace(/-/g, '').slice(16)}`) & ((1n << 62n) - 1n);
    expect(new Set(ids.map((id) => id.slice(0, 18))).size).toBe(1);
    expect(ids.slice(1).map((id, i) => counter(id) - counter(ids[i]))).toEqual([1n, 1n]);

    // another statement over the same rows (no orderBy: ids in the rows' order): its own seed, no id shared with the first
    const again = outboxRowsSql(
      { template, data: { counterId: 'r.counter_id', seq: 'r.seq' }, subject: 'r.counter_id', rows: 'src' },
      3,
    );
    await ds.transaction((m) =>
      m.query(
        `WITH src AS (SELECT * FROM unnest($1::text[], $2::int[]) AS u(counter_id, seq)), announced AS (${again.sql})
         SELECT count(*) FROM announced`,
        [rows.map((r) => r[0]), rows.map((r) => r[1]), ...again.params],
      ),
    );
    const all: { event_id: string }[] = await ds.query(`SELECT event_id FROM outbox_message ORDER BY id`);
    expect(all).toHaveLength(6);
    expect(new Set(all.map((r) => r.event_id)).size).toBe(6);

    const relay = new OutboxRelay({
      dataSource: ds,
      kafka: topics.connection,
      service: 'outbox-rows-test',
      pollIntervalMs: 20,
    });
    await relay.start();
    try {
      const published = await topics.collect(topics.topic(COUNTER_TOPIC), 6);
      expect(published.map((r) => [r.key, (r.json as { data: { seq: number } }).data.seq])).toEqual([...rows, ...rows]);
    } finally {
      await relay.stop();
    }
  });
});
