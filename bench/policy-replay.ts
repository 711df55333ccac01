/**
 * Replay of the policy engine's person view at full size (issue 16: 1,000,000 events in under 15
 * minutes), not a test. bench/policy-engine.ts's BENCH_REPLAY extrapolates from a few thousand
 * events; this one produces BENCH_REPLAY_EVENTS (1,000,000) events of the four-topic mix
 * (bench/policy-events.ts) straight to the broker, reads them once with a raw kafkajs consumer
 * (the baseline of the same run), then rebuilds the view from offset 0 into an empty schema with
 * replay/replay-view.ts, as `npm run replay:policy` does. The digest's equality with the
 * incremental path is checked by bench/policy-engine.ts and apps/policy-engine/test/policy-engine.e2e-spec.ts on smaller
 * histories; here the engine never ran, so the digest is printed, not compared.
 * Usage: node --max-old-space-size=8192 -r @swc-node/register bench/policy-replay.ts
 * (the raw consumer keeps every record it read in memory). BENCH_MIX=all: the mix with every
 * department's types as well (bench/policy-events.ts), over every topic the engine reads.
 */
import '../libs/testing/src/load-infra-env';
import { TopicProbe } from '@civic/messaging';
import { freshTopics, produceRaw, withClient } from '@civic/testing';
import { cpus } from 'node:os';
import { consumedTopics } from '../apps/policy-engine/src/consumer/policy-events.transport';
import { mix } from './policy-events';
import { timedReplay } from './timed-replay';

const EVENTS = Number(process.env.BENCH_REPLAY_EVENTS ?? 1_000_000);
const CHUNK = 10_000; // households generated and produced at a time
const SEND = 1_500; // records per produce request

async function main(): Promise<void> {
  const topics = await freshTopics('bench-replay', [...consumedTopics(), 'policy.alert'], 3);
  const schema = `bench_replay_${Date.now().toString(36)}`;
  try {
    const perTopic = new Map<string, number>();
    let produced = 0;
    let t = Date.now();
    for (let from = 0; produced < EVENTS; from += CHUNK) {
      for (const [topic, batch] of mix(topics, CHUNK, from, { departments: process.env.BENCH_MIX === 'all' })) {
        for (let i = 0; i < batch.length; i += SEND) await produceRaw(topic, batch.slice(i, i + SEND));
        perTopic.set(topic, (perTopic.get(topic) ?? 0) + batch.length);
        produced += batch.length;
      }
    }
    const produceSeconds = (Date.now() - t) / 1000;

    t = Date.now();
    await Promise.all(
      [...perTopic].map(([physical, count], i) =>
        new TopicProbe({ ...topics.connection, clientId: `bench-replay-raw-${i}` }).collect(physical, {
          count,
          timeoutMs: 1_800_000,
        }),
      ),
    );
    const rawSeconds = (Date.now() - t) / 1000;

    const r = await timedReplay(topics.connection, schema, 3_600_000);
    const out = {
      date: new Date().toISOString(),
      cpus: cpus().length,
      node: process.version,
      events: produced,
      mix: [...perTopic].map(([k, v]) => `${k.slice(topics.prefix.length)}:${v}`),
      produceSeconds: Number(produceSeconds.toFixed(1)),
      rawEventsPerSecond: Math.round(produced / rawSeconds),
      rawSeconds: Number(rawSeconds.toFixed(1)),
      replayedEvents: r.events,
      replaySeconds: Number((r.durationMs / 1000).toFixed(1)),
      replayMinutes: Number((r.durationMs / 60_000).toFixed(1)),
      replayEventsPerSecond: Math.round(r.events / (r.durationMs / 1000)),
      replayEventsPerSecondAfterStart: Math.round(r.events / r.secondsAfterStart),
      ratioToRaw: Number((rawSeconds / (r.durationMs / 1000)).toFixed(3)),
      viewRows: r.rows,
      digest: r.digest,
    };
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
  } finally {
    await withClient(process.env.DATABASE_URL as string, (c) => c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
    await topics.drop();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
  },
);
