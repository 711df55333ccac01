import { createEvent, EventDefinition, EventEnvelope, producerOf, toKafkaRecord } from '@civic/contracts';
import { inboxTransportFor } from '@civic/messaging';
import { createServiceApp, Role, ServiceApp, signDevToken } from '@civic/platform';
import { freshSchema, freshTopics, FreshTopics, produceRaw } from '@civic/testing';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../src/app.module';
import { CharityConfig } from '../src/charity.config';
import { CHARITY_TOPICS } from '../src/persistence/charity-topics';

/** One charity instance on a fresh schema and fresh topics, with helpers to call it and to publish other departments' events. */
export interface CharityApp {
  app: ServiceApp;
  schema: { schema: string; url: string };
  topics: FreshTopics;
  env: Record<string, string>;
  token(sub: string, roles: Role[], towns?: string[]): Promise<string>;
  call(
    method: 'GET' | 'POST',
    url: string,
    token: string | undefined,
    body?: unknown,
    remoteAddress?: string,
  ): Promise<{ status: number; body: any; raw: string }>;
  /** Publishes events as their department would (structured CloudEvents keyed by subject), one at a time. */
  publish<T extends object>(def: EventDefinition<T>, ...payloads: NoInfer<T>[]): Promise<EventEnvelope<T>[]>;
  close(): Promise<void>;
}

const hex = () => `hex:${randomBytes(32).toString('hex')}`;

/** `topics`: the logical topics to create under the fresh prefix (another service sharing the prefix may need more). */
export async function startCharityApp(
  prefix: string,
  extraEnv: Record<string, string> = {},
  topicNames: string[] = CHARITY_TOPICS,
): Promise<CharityApp> {
  const [schema, topics] = await Promise.all([freshSchema(prefix), freshTopics(prefix, topicNames, 1)]);
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: schema.url,
    DATABASE_SCHEMA: schema.schema,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    TOPIC_PREFIX: topics.prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PERSON_REF_KEYS: JSON.stringify({ current: 't1', keys: { t1: hex() } }),
    ID_ENCRYPTION_KEYS: JSON.stringify({ current: 't1', keys: { t1: hex() } }),
    RELAY_POLL_INTERVAL_MS: '50',
    LOG_LEVEL: process.env.CHARITY_LOG_LEVEL ?? 'error',
    ...extraEnv,
  };
  const app = await createServiceApp(AppModule, {
    name: 'charity',
    config: CharityConfig,
    env,
    transports: (a) => [inboxTransportFor(a, { retry: { attempts: 2, initialBackoffMs: 50 } })],
  });
  const settings = {
    NODE_ENV: 'test' as const,
    JWT_SECRET: env.JWT_SECRET,
    JWT_ALGORITHM: 'EdDSA' as const,
    JWT_ISSUER: 'civic-dev-issuer',
    JWT_AUDIENCE: 'civic-platform',
  };
  return {
    app,
    schema,
    topics,
    env,
    token: (sub, roles, towns) => signDevToken(settings, { sub, roles, ...(towns ? { towns } : {}) }),
    async call(method, url, token, body, remoteAddress) {
      const res = await app.inject({
        method,
        url,
        remoteAddress,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      let parsed: unknown = undefined;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        parsed = res.body;
      }
      return { status: res.statusCode, body: parsed, raw: res.body };
    },
    async publish(def, ...payloads) {
      const events = payloads.map((p) => createEvent(def, p, { source: producerOf(def) }));
      for (const e of events) {
        const r = toKafkaRecord(e as EventEnvelope, topics.topic(def.topic));
        await produceRaw(r.topic, [{ key: r.key, value: r.value, headers: r.headers }]);
      }
      return events;
    },
    async close() {
      await app.close();
      await Promise.all([schema.drop(), topics.drop()]);
    },
  };
}
