// libs/testing wraps this library's TopicProbe, so this library's own tests cannot import
// @civic/testing (Nx forbids the cycle); these are the few helpers they need, on the same env.
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { deleteTopics, ensureTopics } from '../src/kafka/ensure-topics';
import { deadLetterTopic, KafkaConnection, physicalTopic } from '../src/kafka/kafka-config';
import { ProbedRecord, TopicProbe } from '../src/kafka/topic-probe';

const unique = (prefix: string) => `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

function env(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run bash infra/up.sh`);
  return v;
}

/** A fresh schema on DATABASE_URL and a URL whose search_path points at it. */
export async function isolatedSchema(
  prefix: string,
): Promise<{ schema: string; url: string; drop: () => Promise<void> }> {
  const base = env('DATABASE_URL');
  const schema = unique(prefix);
  const run = async (sql: string) => {
    const c = new Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  };
  await run(`CREATE SCHEMA "${schema}"`);
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return { schema, url: url.toString(), drop: () => run(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`) };
}

/** Topics (and their .dlq) under a fresh prefix, a probe on them, and a drop(). */
export async function isolatedTopics(prefix: string, logical: string[], partitions = 3) {
  const topicPrefix = `${unique(prefix).replace(/_/g, '-')}.`;
  const connection: KafkaConnection = {
    brokers: env('KAFKA_BROKERS').split(','),
    clientId: `${prefix}-test`,
    topicPrefix,
  };
  const created = await ensureTopics(connection, logical, { partitions });
  const probe = new TopicProbe({ ...connection, topicPrefix: undefined });
  return {
    connection,
    topic: (l: string) => physicalTopic(topicPrefix, l),
    dlq: (l: string) => deadLetterTopic(physicalTopic(topicPrefix, l)),
    collect: (topic: string, count: number, timeoutMs = 30_000): Promise<ProbedRecord[]> =>
      probe.collect(topic, { count, timeoutMs }),
    probe,
    drop: () => deleteTopics(connection, created),
  };
}

/** Polls check until it holds, or throws naming what was awaited. */
export async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
