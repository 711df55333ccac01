import { createEvent, EventDefinition, EventEnvelope, producerOf, toKafkaRecord } from '@civic/contracts';
import { randomBytes } from 'node:crypto';
import { ClockMove, DevClockSetting, moveClocks, readClock } from './clock';
import { freshSchema } from './database';
import { FreshTopics, freshTopics, produceRaw } from './kafka';

// One in-process service on a fresh schema and fresh topics, with the helpers every e2e suite uses
// (tokens, calls, the business clock). Each service's test fixture is a few lines around this, so a
// change to how services are started in tests is made once. libs/testing may not import
// libs/platform, so the service's own fixture passes in how to create the app and sign a token.

/** What a service app must offer the fixture: Fastify's inject and close (Nest on Fastify does). */
export interface InjectableApp {
  inject(o: {
    method: string;
    url: string;
    headers: Record<string, string>;
    payload?: string;
    remoteAddress?: string;
  }): PromiseLike<{ statusCode: number; body: string }>;
  close(): Promise<void>;
}

export interface ServiceTestApp<A extends InjectableApp, R extends string = string> {
  app: A;
  schema: { schema: string; url: string };
  topics: FreshTopics;
  env: Record<string, string>;
  token(sub: string, roles: R[], towns?: string[]): Promise<string>;
  call(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    token: string | null | undefined,
    body?: unknown,
    /** Extra request headers, or the client address (rate limits are per address). */
    headersOrAddress?: Record<string, string> | string,
  ): Promise<{ status: number; body: any; raw: string; headers: Record<string, unknown> }>;
  /** Publishes events as their producing service would (structured CloudEvents keyed by subject), in order. */
  publish<T extends object>(def: EventDefinition<T>, ...payloads: NoInfer<T>[]): Promise<EventEnvelope<T>[]>;
  /** Moves the service's business clock through its dev route (time moves forward in tests, never inputs back). */
  moveClock(move: ClockMove): Promise<DevClockSetting>;
  today(): Promise<string>;
  close(): Promise<void>;
}

export interface ServiceTestAppOptions<A extends InjectableApp, R extends string> {
  /** Prefix of the schema and topic names (one per suite). */
  prefix: string;
  /** The logical topics the service uses; created unless `sharedTopics` is given. */
  topicNames: readonly string[];
  /** Topics shared with other services of the test, created and dropped by the caller. */
  sharedTopics?: FreshTopics;
  /** The service's own settings (intervals, log level); the fixture adds database, broker, keys. */
  env?: Record<string, string>;
  /** A `<department>:admin` role of the service, for moving its clock. */
  adminRole: R;
  /** The DATABASE_URL the service connects with, from its schema's (e.g. through a TcpProxy the test cuts). */
  databaseUrl?: (schemaUrl: string) => string;
  create(env: Record<string, string>): Promise<A>;
  sign(env: Record<string, string>, claims: { sub: string; roles: R[]; towns?: string[] }): Promise<string>;
}

const keyRing = () => JSON.stringify({ current: 't1', keys: { t1: `hex:${randomBytes(32).toString('hex')}` } });

export async function startServiceTestApp<A extends InjectableApp, R extends string>(
  o: ServiceTestAppOptions<A, R>,
): Promise<ServiceTestApp<A, R>> {
  const [schema, topics] = await Promise.all([
    freshSchema(o.prefix),
    o.sharedTopics ?? freshTopics(o.prefix, [...o.topicNames], 1),
  ]);
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: o.databaseUrl?.(schema.url) ?? schema.url,
    DATABASE_SCHEMA: schema.schema,
    KAFKA_BROKERS: process.env.KAFKA_BROKERS!,
    TOPIC_PREFIX: topics.prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    PERSON_REF_KEYS: keyRing(),
    ID_ENCRYPTION_KEYS: keyRing(),
    RELAY_POLL_INTERVAL_MS: '50',
    LOG_LEVEL: 'error',
    ...o.env,
  };
  const app = await o.create(env);
  const token = (sub: string, roles: R[], towns?: string[]) => o.sign(env, { sub, roles, ...(towns ? { towns } : {}) });
  const clockTarget = async () => ({ app, token: await token('clock-admin', [o.adminRole]) });
  return {
    app,
    schema,
    topics,
    env,
    token,
    moveClock: async (move) => (await moveClocks([await clockTarget()], move))[0],
    today: async () => (await readClock(await clockTarget())).today,
    async call(method, url, bearer, body, headersOrAddress = {}) {
      const headers = typeof headersOrAddress === 'string' ? {} : headersOrAddress;
      const remoteAddress = typeof headersOrAddress === 'string' ? headersOrAddress : undefined;
      const res = (await app.inject({
        method,
        url,
        ...(remoteAddress ? { remoteAddress } : {}),
        headers: {
          ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        // a string is sent as it is (malformed JSON, say); anything else as JSON
        payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      })) as { statusCode: number; body: string; headers?: Record<string, unknown> };
      let parsed: unknown = undefined;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        parsed = res.body;
      }
      return { status: res.statusCode, body: parsed, raw: res.body, headers: res.headers ?? {} };
    },
    publish: (def, ...payloads) => publishEvents(topics, def, ...payloads),
    async close() {
      await app.close();
      await Promise.all([schema.drop(), o.sharedTopics ? Promise.resolve() : topics.drop()]);
    },
  };
}

/** Publishes events on a suite's topics as their producing service would (structured CloudEvents keyed by subject), in order. */
export async function publishEvents<T extends object>(
  topics: FreshTopics,
  def: EventDefinition<T>,
  ...payloads: NoInfer<T>[]
): Promise<EventEnvelope<T>[]> {
  const events = payloads.map((p) => createEvent(def, p, { source: producerOf(def) }));
  for (const e of events) {
    const r = toKafkaRecord(e as EventEnvelope, topics.topic(def.topic));
    await produceRaw(r.topic, [{ key: r.key, value: r.value, headers: r.headers }]);
  }
  return events;
}
