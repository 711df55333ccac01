import { EventEnvelope } from '@civic/contracts';
import { InboxConsumer, InboxContext, KafkaConnection, messagingEntities, physicalTopic } from '@civic/messaging';
import { serviceConnection } from '@civic/platform';
import { randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { POLICY_ENGINE_MIGRATIONS } from '../policy-engine.migrations';
import { consumedEventTypes, consumedTopics } from '../consumer/policy-events.transport';
import { lockRunWithCurrentRefs, mergePersonViews } from '../person-view/person-ref-merge';
import { applySegment } from '../person-view/person-view.store';
import { segmentRun } from '../person-view/run-plan';
import { applyRunInParts } from '../person-view/rekeyed-run';
import { viewDigest } from '../person-view/view-digest';
import { endOffsets, groupReached } from './consumed-offsets';
import { analyzeSchema, GrowingTableStats } from './growing-table-stats';

export interface ReplayOptions {
  databaseUrl: string;
  /** A schema that does not exist yet; it is created and migrated. */
  schema: string;
  kafka: KafkaConnection;
  timeoutMs?: number;
  log?: (msg: string) => void;
}

export interface ReplayResult {
  schema: string;
  digest: string;
  rows: Record<string, number>;
  tables: Record<string, string>;
  events: number;
  durationMs: number;
}

/**
 * Rebuilds the person view from offset 0 of every consumed topic into a fresh schema, with a fresh
 * consumer group, through the same projection and inbox as the live engine but without rule
 * evaluation, so no alert or other event is emitted. Finishes once the group has consumed up to
 * the end offsets taken at the start, and reports the view's digest.
 */
export async function replayView(o: ReplayOptions): Promise<ReplayResult> {
  const started = Date.now();
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(o.schema)) throw new Error('schema must be a lower-case SQL identifier');
  const admin = new DataSource({ type: 'postgres', url: o.databaseUrl });
  await admin.initialize();
  try {
    await admin.query(`CREATE SCHEMA "${o.schema}"`);
  } finally {
    await admin.destroy();
  }
  // the services' session settings (JIT off above all: the run-locking statement's estimates grow
  // with the view, and a compile per run would dominate a replay)
  const connection = serviceConnection(o.databaseUrl, o.schema);
  const ds = new DataSource({
    type: 'postgres',
    url: connection.url,
    schema: o.schema,
    extra: { options: connection.options },
    entities: messagingEntities,
    migrations: POLICY_ENGINE_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    poolSize: 5,
  });
  await ds.initialize();
  const service = `policy-engine-replay-${randomBytes(4).toString('hex')}`;
  const topics = consumedTopics();
  const types = new Set(consumedEventTypes());
  const targets = await endOffsets(o.kafka, topics);
  const stats = new GrowingTableStats(() => analyzeSchema((sql, params) => ds.query(sql, params), o.schema));
  const consumers = topics.map(
    (topic) =>
      new InboxConsumer({
        dataSource: ds,
        kafka: o.kafka,
        service,
        consumer: topic,
        topics: [topic],
        accepts: (e) => types.has(e.type),
        handle: (event: EventEnvelope, ctx: InboxContext) => {
          stats.applied(1);
          return replayRun(ctx.manager, [event]);
        },
        handleRun: (items) => {
          stats.applied(items.length);
          return replayRun(
            items[0].ctx.manager,
            items.map((i) => i.event),
          );
        },
      }),
  );
  try {
    await Promise.all(consumers.map((c) => c.start()));
    const deadline = Date.now() + (o.timeoutMs ?? 600_000);
    for (;;) {
      const caughtUp = await Promise.all(
        topics.map((t) =>
          groupReached(
            o.kafka,
            physicalTopic(o.kafka.topicPrefix, `${service}.${t}`),
            new Map([[physicalTopic(o.kafka.topicPrefix, t), targets.get(physicalTopic(o.kafka.topicPrefix, t))!]]),
          ),
        ),
      );
      if (caughtUp.every(Boolean)) break;
      await stats.refreshIfGrown();
      if (Date.now() > deadline)
        throw new Error(`replay did not reach the end offsets within ${o.timeoutMs ?? 600_000} ms`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    await Promise.all(consumers.map((c) => c.stop()));
  }
  try {
    await analyzeSchema((sql, params) => ds.query(sql, params), o.schema);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM inbox_message`);
    const { digest, rows, tables } = await viewDigest(ds.manager);
    return { schema: o.schema, digest, rows, tables, events: n, durationMs: Date.now() - started };
  } finally {
    await ds.destroy();
  }
}

/**
 * A run into the view only (no alerts), segment by segment as the live engine writes it
 * (consumer/policy-events.listener.ts): a re-keying is a barrier that merges, and later old-ref
 * events follow the alias.
 */
async function replayRun(manager: EntityManager, events: EventEnvelope[]): Promise<void> {
  const none = { parameter: false };
  await applyRunInParts(manager, events, {
    apply: async (from, to, projected) => {
      const { changes, keys } = await lockRunWithCurrentRefs(manager, projected);
      for (const segment of segmentRun(
        keys,
        changes,
        changes.map(() => none),
      ))
        await applySegment(
          manager,
          segment.map((j) => ({ event: events[from + j], changes: changes[j] })),
        );
    },
    merge: async (from, to, rekeyings) => void (await mergePersonViews(manager, rekeyings, { locked: true })),
  });
}
