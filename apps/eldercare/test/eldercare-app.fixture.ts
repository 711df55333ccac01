import { inboxTransportFor } from '@civic/messaging';
import { createServiceApp, Role, ServiceApp, signDevToken } from '@civic/platform';
import {
  ClockMove,
  DevClockSetting,
  freshSchema,
  freshTopics,
  FreshTopics,
  moveClocks,
  readClock,
} from '@civic/testing';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../src/app.module';
import { EldercareConfig } from '../src/eldercare.config';
import { ELDERCARE_TOPICS } from '../src/persistence/eldercare-topics';

/** One eldercare instance on a fresh schema and fresh topics, with helpers to call it. */
export interface EldercareApp {
  app: ServiceApp;
  schema: { schema: string; url: string };
  topics: FreshTopics;
  env: Record<string, string>;
  token(sub: string, roles: Role[], towns?: string[]): Promise<string>;
  call(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    token: string | null,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any }>;
  /** Moves the service's business clock through its dev route (time moves forward in tests, never inputs back). */
  moveClock(move: ClockMove): Promise<DevClockSetting>;
  today(): Promise<string>;
  close(): Promise<void>;
}

const hex = () => `hex:${randomBytes(32).toString('hex')}`;

export async function startEldercareApp(
  prefix: string,
  extraEnv: Record<string, string> = {},
  existingTopics?: FreshTopics,
): Promise<EldercareApp> {
  const [schema, topics] = await Promise.all([
    freshSchema(prefix),
    existingTopics ?? freshTopics(prefix, ELDERCARE_TOPICS, 1),
  ]);
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
    DAILY_RUN_INTERVAL_MS: '0',
    ALARM_SCAN_INTERVAL_MS: '0',
    LOG_LEVEL: process.env.EC_LOG_LEVEL ?? 'error',
    ...extraEnv,
  };
  const app = await createServiceApp(AppModule, {
    name: 'eldercare',
    config: EldercareConfig,
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
  const token = (sub: string, roles: Role[], towns?: string[]) =>
    signDevToken(settings, { sub, roles, ...(towns ? { towns } : {}) });
  const clockTarget = async () => ({ app, token: await token('clock-admin', ['eldercare:admin']) });
  return {
    app,
    schema,
    topics,
    env,
    token,
    moveClock: async (move) => (await moveClocks([await clockTarget()], move))[0],
    today: async () => (await readClock(await clockTarget())).today,
    async call(method, url, token, body, headers = {}) {
      const res = await app.inject({
        method,
        url,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...headers,
        },
        payload: body === undefined ? undefined : JSON.stringify(body),
      });
      let parsed: unknown = undefined;
      try {
        parsed = res.body ? JSON.parse(res.body) : undefined;
      } catch {
        parsed = res.body;
      }
      return { status: res.statusCode, body: parsed };
    },
    async close() {
      await app.close();
      await Promise.all([schema.drop(), existingTopics ? Promise.resolve() : topics.drop()]);
    },
  };
}
