import { join } from 'node:path';
import { Target } from './target';

const JWT_SECRET = 'fault-suite-fixture-secret-0123456789abcdef';

/** The fault suite's own service, faults/fixture-service (built like a department service). */
export const fixtureTarget: Target = {
  name: 'fault-fixture',
  args: ['-r', '@swc-node/register', join(__dirname, '..', 'fixture-service', 'main.ts')],
  topics: ['faults.counter'],
  env: (p) => ({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(p.port),
    DATABASE_URL: p.databaseUrl,
    DATABASE_SCHEMA: p.schema,
    DATABASE_POOL_SIZE: '8',
    KAFKA_BROKERS: p.brokers,
    TOPIC_PREFIX: p.topicPrefix,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    SHUTDOWN_GRACE_MS: '15000',
    FIXTURE_RELAY: p.relay ? 'on' : 'off',
    FIXTURE_CONSUMER: p.consumer ? 'on' : 'off',
    ...p.extra,
  }),
  async command(baseUrl, key, fault) {
    const res = await fetch(`${baseUrl}/api/v1/counters/${encodeURIComponent(key)}/increments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(fault ? { fault } : {}),
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await res.json().catch(() => ({}))) as { eventId?: string };
    return { status: res.status, eventId: res.status === 201 ? body.eventId : undefined };
  },
  committedSql: `SELECT event_id FROM outbox_message WHERE topic = 'faults.counter'`,
  effectsSql: `SELECT event_id, counter_id AS aggregate, seq, expected_seq FROM fault_effect ORDER BY id`,
};
