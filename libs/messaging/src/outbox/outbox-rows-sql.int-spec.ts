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

    const relay = new OutboxRelay({
      dataSource: ds,
      kafka: topics.connection,
      service: 'outbox-rows-test',
      pollIntervalMs: 20,
    });
    await relay.start();
    try {
      const published = await topics.collect(topics.topic(COUNTER_TOPIC), 3);
      expect(published.map((r) => [r.key, (r.json as { data: { seq: number } }).data.seq])).toEqual(rows);
    } finally {
      await relay.stop();
    }
  });
});
