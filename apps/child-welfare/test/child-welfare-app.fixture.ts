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
import { ChildWelfareConfig } from '../src/child-welfare.config';
import { CHILD_WELFARE_TOPICS } from '../src/persistence/child-welfare-topics';

/** One child-welfare instance on a fresh schema and fresh topics, with helpers to call it. */
export interface ChildWelfareApp {
  app: ServiceApp;
  schema: { schema: string; url: string };
  topics: FreshTopics;
  env: Record<string, string>;
  token(sub: string, roles: Role[], towns?: string[]): Promise<string>;
  call(
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    token: string,
    body?: unknown,
  ): Promise<{ status: number; body: any }>;
  /** Moves the service's business clock through its dev route (time moves forward in tests, never inputs back). */
  moveClock(move: ClockMove): Promise<DevClockSetting>;
  /** The service's business date, 'YYYY-MM-DD' in Asia/Shanghai. */
  today(): Promise<string>;
  close(): Promise<void>;
}

const hex = () => `hex:${randomBytes(32).toString('hex')}`;

export async function startChildWelfareApp(
  prefix: string,
  extraEnv: Record<string, string> = {},
  /** Topics shared with other services of the test (created and dropped by the caller). */
  sharedTopics?: FreshTopics,
): Promise<ChildWelfareApp> {
  const [schema, topics] = await Promise.all([
    freshSchema(prefix),
    sharedTopics ?? freshTopics(prefix, CHILD_WELFARE_TOPICS, 1),
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
    DEADLINE_SCAN_INTERVAL_MS: '0',
    LOG_LEVEL: process.env.CW_LOG_LEVEL ?? 'error',
    ...extraEnv,
  };
  const app = await createServiceApp(AppModule, {
    name: 'child-welfare',
    config: ChildWelfareConfig,
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
  const clockTarget = async () => ({ app, token: await token('clock-admin', ['child-welfare:admin']) });
  return {
    app,
    schema,
    topics,
    env,
    token,
    moveClock: async (move) => (await moveClocks([await clockTarget()], move))[0],
    today: async () => (await readClock(await clockTarget())).today,
    async call(method, url, token, body) {
      const res = await app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${token}`,
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
      return { status: res.statusCode, body: parsed };
    },
    async close() {
      await app.close();
      await Promise.all([schema.drop(), sharedTopics ? undefined : topics.drop()]);
    },
  };
}

export { residentIdNumber as residentId, TEST_TOWN as TOWN, TEST_VILLAGE as VILLAGE } from '@civic/testing';
