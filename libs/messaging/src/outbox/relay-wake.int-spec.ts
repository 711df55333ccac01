import { Client, Notification } from 'pg';
import { DataSource } from 'typeorm';
import { COUNTER_TOPIC, counterEvent } from '../../test-support/counter-events';
import { isolatedSchema, isolatedTopics, waitUntil } from '../../test-support/isolation';
import { openMessagingDb } from '../../test-support/messaging-db';
import { Outbox } from './outbox';
import { OUTBOX_CHANNEL } from './outbox-channel';
import { OutboxRelay } from './outbox-relay';
import { EVENT_SENT_SQL } from './outbox-pending';

// the 120 s testTimeout on the integration project entry is not applied (jest takes it only at the top level)
jest.setTimeout(120_000);

/** Far above WOKEN_WITHIN_MS: a row published within the bound was published because a commit woke the relay. */
const POLL_MS = 60_000;
/** Generous for a loaded 2-core host (a wake costs one statement and one send), and a twelfth of the poll. */
const WOKEN_WITHIN_MS = 5_000;

/**
 * The relay's wake on commit (docs/adr/0020-in-process-relay-wake.md): poked in-process after the
 * commit when it leads in the writer's process, woken by pg_notify otherwise. Every relay here polls
 * once a minute, so an event published within seconds shows the wake worked.
 */
describe('relay wake on commit', () => {
  let schema: Awaited<ReturnType<typeof isolatedSchema>>;
  let topics: Awaited<ReturnType<typeof isolatedTopics>>;
  /** The writing process with (in some tests) its own relay. */
  let ds: DataSource;
  /** Another process on the same schema: a second DataSource has its own wake registry. */
  let other: DataSource;
  let listener: Client;
  const notifications: Notification[] = [];
  const outbox = new Outbox();
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    [schema, topics] = await Promise.all([
      isolatedSchema('relay_wake'),
      isolatedTopics('relay-wake', [COUNTER_TOPIC], 1),
    ]);
    ds = await openMessagingDb(schema.url);
    other = await openMessagingDb(schema.url, false);
    listener = new Client({ connectionString: schema.url });
    await listener.connect();
    listener.on('notification', (n) => notifications.push(n));
    await listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
  });
  afterEach(async () => {
    for (const r of relays.splice(0)) await r.stop();
  });
  afterAll(async () => {
    await listener?.end();
    await Promise.all([ds?.destroy(), other?.destroy()]);
    await Promise.all([schema?.drop(), topics?.drop()]);
  });

  const relayOn = async (dataSource: DataSource, role: 'leader' | 'standby', standbyIntervalMs = POLL_MS) => {
    const relay = new OutboxRelay({
      dataSource,
      kafka: topics.connection,
      service: 'relay-wake-test',
      pollIntervalMs: POLL_MS,
      standbyIntervalMs,
    });
    relays.push(relay);
    await relay.start();
    await waitUntil(`a ${role} relay`, async () => relay.status().role === role);
    return relay;
  };
  /** Lets a leader finish its start-up cycle and sleep in its minute-long poll. */
  const idle = async (relay: OutboxRelay) => {
    await waitUntil('the relay idle', async () => relay.status().lastCycleAt !== undefined);
    await new Promise((r) => setTimeout(r, 300));
  };
  const sentWithinBound = async (eventId: string, since: number) => {
    await waitUntil(
      `event ${eventId} marked sent`,
      async () => (await ds.query(EVENT_SENT_SQL, [eventId])).length === 1,
      WOKEN_WITHIN_MS,
    );
    expect(Date.now() - since).toBeLessThan(WOKEN_WITHIN_MS);
  };
  const notifiedFor = () => notifications.filter((n) => n.payload === schema.schema).length;

  it('a commit in the leading relay’s process wakes it in-process, without pg_notify; a rollback publishes nothing', async () => {
    const relay = await relayOn(ds, 'leader');
    await idle(relay);
    const before = notifiedFor();
    const rolledBack = counterEvent('w-in', 1, 'rolled back');
    await expect(
      ds.transaction(async (m) => {
        await outbox.append(m, rolledBack);
        throw new Error('rolled back after the append');
      }),
    ).rejects.toThrow('rolled back');
    const committed = counterEvent('w-in', 1, 'committed');
    const t0 = Date.now();
    await ds.transaction((m) => outbox.append(m, committed));
    await sentWithinBound(committed.id, t0);
    await new Promise((r) => setTimeout(r, 300)); // a notification of that commit would have arrived by now
    expect(notifiedFor() - before).toBe(0);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM outbox_message WHERE event_id = $1`, [
      rolledBack.id,
    ]);
    expect(n).toBe(0);
  });

  it('an append in a nested transaction wakes the relay at the outer commit, not at the savepoint’s release', async () => {
    const relay = await relayOn(ds, 'leader');
    await idle(relay);
    const event = counterEvent('w-nested', 1);
    let t0 = 0;
    await ds.transaction(async (outer) => {
      await outer.transaction((inner) => outbox.append(inner, event)); // RELEASE SAVEPOINT: nothing visible yet
      await new Promise((r) => setTimeout(r, 300)); // a wake spent now would find no row
      t0 = Date.now();
    });
    await sentWithinBound(event.id, t0);
  });

  it('a commit in a process whose relay stands by notifies, and wakes the leader in another process', async () => {
    const leader = await relayOn(ds, 'leader');
    await idle(leader);
    await relayOn(other, 'standby');
    const before = notifiedFor();
    const event = counterEvent('w-standby', 1);
    const t0 = Date.now();
    await other.transaction((m) => outbox.append(m, event));
    await sentWithinBound(event.id, t0);
    expect(notifiedFor() - before).toBe(1);
  });

  it('a commit in a process without a relay notifies, and wakes the leader in another process', async () => {
    const leader = await relayOn(ds, 'leader');
    await idle(leader);
    const event = counterEvent('w-none', 1);
    const t0 = Date.now();
    await other.transaction((m) => outbox.append(m, event));
    await sentWithinBound(event.id, t0);
  });

  it('the lead lost between the append and the commit: the commit notifies, and the new leader elsewhere is woken', async () => {
    const first = await relayOn(ds, 'leader');
    await idle(first);
    const event = counterEvent('w-handover', 1);
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await outbox.append(runner.manager, event); // marked for an in-process wake: `first` leads here
      await first.stop(); // releases the lock; the relay of the other process takes over
      const second = await relayOn(other, 'leader', 50);
      await idle(second); // its take-over read ran before the commit: only a wake brings the row now
      const t0 = Date.now();
      await runner.commitTransaction();
      await sentWithinBound(event.id, t0);
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
