import { EventEnvelope, toKafkaRecord } from '@civic/contracts';
import { DataSource } from 'typeorm';
import { COUNTER_TOPIC, counterEvent } from '../../test-support/counter-events';
import { isolatedSchema, isolatedTopics, waitUntil } from '../../test-support/isolation';
import { counterHandler, openMessagingDb } from '../../test-support/messaging-db';
import { spawnChild } from '../../test-support/spawn-child';
import { InboxConsumer } from './inbox-consumer';
import { InboxConsumerOptions, Outcome, RunItemFailed } from './inbox-consumer.options';
import { NonRetryableError } from './non-retryable.error';

// the 120 s testTimeout on the integration project entry is not applied (jest takes it only at the top level)
jest.setTimeout(120_000);

describe('inbox consumer', () => {
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  let ds: DataSource;
  const cleanup: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    schema = await isolatedSchema('inbox');
    ds = await openMessagingDb(schema.url);
  });
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c().catch(() => undefined);
    await ds?.destroy();
    await schema?.drop();
  });

  // each test gets its own one-partition topic, so every key shares the partition a failure sits on
  async function topicFor(name: string) {
    const t = await isolatedTopics(name, [COUNTER_TOPIC], 1);
    cleanup.push(t.drop);
    return t;
  }

  function consumerOn(
    t: Awaited<ReturnType<typeof topicFor>>,
    name: string,
    extra: Partial<InboxConsumerOptions> = {},
  ) {
    const outcomes: { offset: string; outcome: Outcome }[] = [];
    const consumer = new InboxConsumer({
      dataSource: ds,
      kafka: t.connection,
      service: 'testkit',
      consumer: name,
      topics: [COUNTER_TOPIC],
      handle: counterHandler(),
      retry: { attempts: 3, initialBackoffMs: 20 },
      onStep: (step, r) => {
        if (step === 'offset-committed') outcomes.push({ offset: r.offset, outcome: r.outcome });
      },
      ...extra,
    });
    cleanup.push(() => consumer.stop());
    return { consumer, outcomes };
  }

  const send = (t: Awaited<ReturnType<typeof topicFor>>, events: EventEnvelope[]) =>
    t.probe.send(
      t.topic(COUNTER_TOPIC),
      events.map((e) => toKafkaRecord(e, t.topic(COUNTER_TOPIC))),
    );

  const effects = (consumer: string) =>
    ds.query(`SELECT counter_id, seq, event_id FROM counter_effect WHERE consumer = $1 ORDER BY id`, [
      consumer,
    ]) as Promise<{ counter_id: string; seq: number; event_id: string }[]>;

  it('R4: applies an event delivered twice only once', async () => {
    const t = await topicFor('dup');
    const a = counterEvent('dup-a', 1);
    const b = counterEvent('dup-b', 1);
    await send(t, [a, a, b]);
    const { consumer, outcomes } = consumerOn(t, 'dup');
    await consumer.start();
    await waitUntil('3 records processed', async () => outcomes.length >= 3);
    expect(outcomes.map((o) => o.outcome)).toEqual(['applied', 'duplicate', 'applied']);
    expect((await effects('dup')).map((e) => e.event_id)).toEqual([a.id, b.id]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM inbox_message WHERE consumer = 'dup'`);
    expect(n).toBe(2);
  });

  it('R3/R4: a consumer killed after its effect commits and before the offset commit causes no second effect', async () => {
    const t = await topicFor('kill');
    const events = Array.from({ length: 30 }, (_, i) => counterEvent(`kill-${i % 3}`, Math.floor(i / 3) + 1));
    await send(t, events);
    const child = spawnChild('consumer-child.ts', {
      DATABASE_URL: schema.url,
      KAFKA_BROKERS: t.connection.brokers.join(','),
      TOPIC_PREFIX: t.connection.topicPrefix!,
      CONSUMER_NAME: 'kill',
      CRASH_AFTER: '7',
      BATCH_SIZE: '1',
    });
    const exit = await child.exited;
    expect(exit.signal).toBe('SIGKILL');
    expect(await effects('kill')).toHaveLength(7); // the child died mid-batch, after 7 of 30

    const { consumer, outcomes } = consumerOn(t, 'kill');
    await consumer.start();
    await waitUntil('the rest of the batch', async () => (await effects('kill')).length >= 30 && outcomes.length >= 24);
    const applied = await effects('kill');
    expect(applied).toHaveLength(30);
    expect(new Set(applied.map((e) => e.event_id)).size).toBe(30);
    // the 7th record's offset was never committed: its redelivery must have hit the inbox
    expect(outcomes[0].outcome).toBe('duplicate');
    expect(outcomes.filter((o) => o.outcome === 'applied')).toHaveLength(23);
  });

  it('R3/R4 batched: a consumer killed after a run commits and before its offset commit causes no second effect', async () => {
    const t = await topicFor('killrun');
    const events = Array.from({ length: 30 }, (_, i) => counterEvent(`killrun-${i % 3}`, Math.floor(i / 3) + 1));
    await send(t, events);
    const child = spawnChild('consumer-child.ts', {
      DATABASE_URL: schema.url,
      KAFKA_BROKERS: t.connection.brokers.join(','),
      TOPIC_PREFIX: t.connection.topicPrefix!,
      CONSUMER_NAME: 'killrun',
      CRASH_AFTER: '7',
    });
    expect((await child.exited).signal).toBe('SIGKILL');
    const committedEffects = (await effects('killrun')).length;
    expect(committedEffects).toBeGreaterThanOrEqual(7); // a whole run committed before the kill

    const { consumer, outcomes } = consumerOn(t, 'killrun');
    await consumer.start();
    await waitUntil(
      'every record settled',
      async () => outcomes.length >= 30 - 6 && (await effects('killrun')).length >= 30,
    );
    const applied = await effects('killrun');
    expect(applied.map((e) => e.event_id)).toEqual(events.map((e) => e.id));
    // the killed run's offset was never committed: it is redelivered and hits the inbox
    expect(outcomes[0].outcome).toBe('duplicate');
    expect(outcomes.filter((o) => o.outcome === 'applied')).toHaveLength(30 - committedEffects);
  });

  it('batched: a handler failing transiently inside a run rolls the run back; one effect per event, in order', async () => {
    const t = await topicFor('runfail');
    const events = Array.from({ length: 40 }, (_, i) => counterEvent(`runfail-${i % 4}`, Math.floor(i / 4) + 1));
    await send(t, events);
    const calls = new Map<string, number>();
    const failing = events[17].id;
    const { consumer, outcomes } = consumerOn(t, 'runfail', {
      handle: counterHandler((e) => {
        const n = (calls.get(e.id) ?? 0) + 1;
        calls.set(e.id, n);
        return e.id === failing && n === 1 ? new Error('transient: deadlock detected') : undefined;
      }),
    });
    await consumer.start();
    await waitUntil('all 40 records settled', async () => outcomes.length >= 40);
    expect(outcomes.map((o) => o.outcome)).toEqual(events.map(() => 'applied'));
    expect(outcomes.map((o) => o.offset)).toEqual(events.map((_, i) => String(i)));
    expect((await effects('runfail')).map((e) => e.event_id)).toEqual(events.map((e) => e.id));
    expect(calls.get(failing)).toBe(2); // failed inside the run, applied by the per-record retry
    // the run ran the failing event's predecessors too, so they were redone after the rollback
    expect([...calls.values()].filter((n) => n === 2).length).toBeGreaterThan(1);
    expect(await ds.query(`SELECT count(*)::int AS n FROM dead_letter WHERE consumer = 'runfail'`)).toEqual([{ n: 0 }]);
  });

  it('run handler: a run is applied set-based in one call; a run that fails is redone per record, one effect per event, in order, duplicates skipped', async () => {
    const t = await topicFor('runset');
    const events = Array.from({ length: 40 }, (_, i) => counterEvent(`runset-${i % 4}`, Math.floor(i / 4) + 1));
    // first a stream with one event redelivered inside it, then, once applied, a stream with a failing event
    await send(t, [...events.slice(0, 20), events[3]]);
    const runSizes: number[] = [];
    const perRecord: string[] = [];
    const failing = events[27].id;
    let failed = false;
    const { consumer, outcomes } = consumerOn(t, 'runset', {
      handle: counterHandler((e) => (perRecord.push(e.id), undefined)),
      handleRun: async (items) => {
        runSizes.push(items.length);
        // one statement for the whole run, written before the failure so the rollback must undo it
        await items[0].ctx.manager.query(
          `INSERT INTO counter_effect (counter_id, seq, event_id, consumer) SELECT c, s, e, 'runset' FROM unnest($1::text[], $2::int[], $3::text[]) AS u(c, s, e)`,
          [
            items.map((x) => (x.event.data as { counterId: string }).counterId),
            items.map((x) => (x.event.data as { seq: number }).seq),
            items.map((x) => x.event.id),
          ],
        );
        if (!failed && items.some((x) => x.event.id === failing)) {
          failed = true;
          throw new Error('transient: deadlock detected');
        }
      },
    });
    await consumer.start();
    await waitUntil('the first 21 records settled', async () => outcomes.length >= 21);
    expect(outcomes.filter((o) => o.outcome === 'duplicate')).toEqual([{ offset: '20', outcome: 'duplicate' }]);
    expect(perRecord).toEqual([]); // no failure yet: every run was applied set-based
    expect(Math.max(...runSizes)).toBeGreaterThan(1);
    await send(t, events.slice(20));
    await waitUntil('all 41 records settled', async () => outcomes.length >= 41);
    expect((await effects('runset')).map((e) => e.event_id)).toEqual(events.map((e) => e.id));
    expect(outcomes.map((o) => o.offset)).toEqual(events.concat(events[3]).map((_, i) => String(i)));
    expect(perRecord).toContain(failing); // the failed run was redone record by record
    expect(await ds.query(`SELECT count(*)::int AS n FROM dead_letter WHERE consumer = 'runset'`)).toEqual([{ n: 0 }]);
  });

  it('run handler naming its failing event: the events before it are applied again as one run, only the failing one per record; one effect per event, in order', async () => {
    const t = await topicFor('runnamed');
    const events = Array.from({ length: 40 }, (_, i) => counterEvent(`runnamed-${i % 4}`, Math.floor(i / 4) + 1));
    await send(t, events);
    const runs: string[][] = [];
    const perRecord: { id: string; attempt: number }[] = [];
    const failing = events[27].id;
    let failed = false;
    const { consumer, outcomes } = consumerOn(t, 'runnamed', {
      handle: counterHandler((e, attempt) => (perRecord.push({ id: e.id, attempt }), undefined)),
      handleRun: async (items) => {
        runs.push(items.map((x) => x.event.id));
        await items[0].ctx.manager.query(
          `INSERT INTO counter_effect (counter_id, seq, event_id, consumer) SELECT c, s, e, 'runnamed' FROM unnest($1::text[], $2::int[], $3::text[]) AS u(c, s, e)`,
          [
            items.map((x) => (x.event.data as { counterId: string }).counterId),
            items.map((x) => (x.event.data as { seq: number }).seq),
            items.map((x) => x.event.id),
          ],
        );
        const at = items.findIndex((x) => x.event.id === failing);
        if (!failed && at >= 0) {
          failed = true;
          throw new RunItemFailed(at, new Error('transient: deadlock detected'));
        }
      },
    });
    await consumer.start();
    await waitUntil('all 40 records settled', async () => outcomes.length >= 40);
    expect(outcomes.map((o) => o.outcome)).toEqual(events.map(() => 'applied'));
    expect(outcomes.map((o) => o.offset)).toEqual(events.map((_, i) => String(i)));
    expect((await effects('runnamed')).map((e) => e.event_id)).toEqual(events.map((e) => e.id));
    // the failing event alone took the per-record path, as its attempt 2; its predecessors were one run again
    expect(perRecord).toEqual([{ id: failing, attempt: 2 }]);
    const failedRun = runs.findIndex((r) => r.includes(failing));
    const redo = runs[failedRun + 1];
    expect(redo).toEqual(runs[failedRun].slice(0, runs[failedRun].indexOf(failing)));
    expect(runs.slice(failedRun + 2).flat()).toEqual(events.slice(28).map((e) => e.id));
    expect(await ds.query(`SELECT count(*)::int AS n FROM dead_letter WHERE consumer = 'runnamed'`)).toEqual([
      { n: 0 },
    ]);
  });

  it('batched: a run of redelivered events has no second effect', async () => {
    const t = await topicFor('redeliver');
    const events = Array.from({ length: 25 }, (_, i) => counterEvent(`redeliver-${i % 5}`, Math.floor(i / 5) + 1));
    await send(t, events);
    const { consumer, outcomes } = consumerOn(t, 'redeliver');
    await consumer.start();
    await waitUntil('the first 25 records', async () => outcomes.length >= 25);
    await send(t, events); // the same events again, as a relay republishing after a crash would
    await waitUntil('the redelivered 25', async () => outcomes.length >= 50);
    expect(outcomes.map((o) => o.outcome)).toEqual([...events.map(() => 'applied'), ...events.map(() => 'duplicate')]);
    expect((await effects('redeliver')).map((e) => e.event_id)).toEqual(events.map((e) => e.id));
  });

  it('R8: a poison message is retried a bounded number of times, dead-lettered with its reason, and other keys keep flowing', async () => {
    const t = await topicFor('poison');
    const poison1 = counterEvent('poison', 1);
    const poison2 = counterEvent('poison', 2);
    const invalid = { ...counterEvent('bad', 1), data: { counterId: 'bad', seq: 'x' } } as unknown as EventEnvelope;
    const unknownVersion = { ...counterEvent('v9', 1), dataversion: 9 };
    const ok = Array.from({ length: 5 }, (_, i) => counterEvent(`ok-${i}`, 1));
    await send(t, [ok[0], poison1, invalid, ok[1], poison2, unknownVersion, ok[2], ok[3], ok[4]]);

    let fixed = false;
    const attemptsOnPoison: number[] = [];
    const { consumer, outcomes } = consumerOn(t, 'poison', {
      handle: counterHandler((e, attempt) => {
        if (e.subject !== 'poison' || fixed) return undefined;
        attemptsOnPoison.push(attempt);
        return new Error('handler cannot apply this one');
      }),
    });
    await consumer.start();
    await waitUntil('all 9 records to be settled', async () => outcomes.length >= 9);

    expect(outcomes.map((o) => o.outcome)).toEqual([
      'applied',
      'dead-lettered',
      'dead-lettered',
      'applied',
      'dead-lettered',
      'dead-lettered',
      'applied',
      'applied',
      'applied',
    ]);
    expect(attemptsOnPoison).toEqual([1, 2, 3]); // bounded, and poison2 never reached the handler
    expect((await effects('poison')).map((e) => e.counter_id).sort()).toEqual(['ok-0', 'ok-1', 'ok-2', 'ok-3', 'ok-4']);

    const dlq = await t.collect(t.dlq(COUNTER_TOPIC), 4);
    const byKey = Object.fromEntries(dlq.map((r) => [`${r.key}:${r.headers['dlq-reason']}`, r]));
    const p1 = byKey['poison:handler-failed'];
    expect(p1.headers).toMatchObject({
      'dlq-attempts': '3',
      'dlq-original-topic': t.topic(COUNTER_TOPIC),
      'dlq-original-partition': '0',
      'dlq-original-offset': '1',
      ce_id: poison1.id,
      'dlq-consumer': 'poison',
    });
    expect(p1.headers['dlq-message']).toContain('handler cannot apply this one');
    expect(p1.value).toBe(JSON.stringify(poison1));
    expect(byKey['poison:held-behind-dead-letter'].headers.ce_id).toBe(poison2.id);
    expect(byKey['bad:invalid-payload'].headers).toMatchObject({ 'dlq-field': 'data.seq', 'dlq-original-offset': '2' });
    expect(byKey['v9:unknown-version'].headers).toMatchObject({
      'dlq-field': 'dataversion',
      'dlq-original-offset': '5',
    });
    expect(Object.keys(byKey)).toHaveLength(4);

    // re-drive after the fix: the held key applies its events in their original order
    fixed = true;
    await expect(consumer.redrive(t.topic(COUNTER_TOPIC), 'poison')).resolves.toEqual({ applied: 2, duplicates: 0 });
    const poisonEffects = (await effects('poison')).filter((e) => e.counter_id === 'poison');
    expect(poisonEffects.map((e) => e.seq)).toEqual([1, 2]);
    const poison3 = counterEvent('poison', 3);
    await send(t, [poison3]);
    await waitUntil('poison seq 3', async () => outcomes.length >= 10);
    expect(outcomes[9].outcome).toBe('applied');
    expect((await effects('poison')).filter((e) => e.counter_id === 'poison').map((e) => e.seq)).toEqual([1, 2, 3]);
    expect(await ds.query(`SELECT message_key FROM dead_letter_hold WHERE consumer = 'poison' ORDER BY 1`)).toEqual([
      { message_key: 'bad' },
      { message_key: 'v9' },
    ]);
  });

  it('dead-letters a NonRetryableError at once, and a failed re-drive changes nothing', async () => {
    const t = await topicFor('reject');
    const e1 = counterEvent('r', 1);
    await send(t, [e1]);
    let calls = 0;
    const { consumer, outcomes } = consumerOn(t, 'reject', {
      handle: counterHandler(() => (++calls, new NonRetryableError('amount exceeds the programme cap'))),
    });
    await consumer.start();
    await waitUntil('the record to settle', async () => outcomes.length >= 1);
    expect(calls).toBe(1);
    const [dl] = await t.collect(t.dlq(COUNTER_TOPIC), 1);
    expect(dl.headers).toMatchObject({ 'dlq-reason': 'rejected', 'dlq-attempts': '1' });
    await expect(consumer.redrive(t.topic(COUNTER_TOPIC), 'r')).rejects.toThrow('programme cap');
    expect(await ds.query(`SELECT count(*)::int AS n FROM dead_letter_hold WHERE consumer = 'reject'`)).toEqual([
      { n: 1 },
    ]);
    expect(await effects('reject')).toEqual([]);
  });
});
