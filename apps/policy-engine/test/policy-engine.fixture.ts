import { HouseholdRegisteredV1Payload } from '@civic/contracts';
import {
  createEvent,
  EventDefinition,
  EventEnvelope,
  findEventDefinition,
  producerOf,
  toKafkaRecord,
} from '@civic/contracts';
import { ServiceApp, createServiceApp, signDevToken, Role, BaseServiceConfig } from '@civic/platform';
import {
  failingOn,
  freshSchema,
  freshTopics,
  FreshTopics,
  LOCK_CHECK_FAILED,
  produceRaw,
  waitFor,
} from '@civic/testing';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../src/app.module';
import { consumedTopics, policyEventsTransport } from '../src/consumer/policy-events.transport';
import { PolicyEngineConfig } from '../src/policy-engine.config';
import { endOffsets, groupReached } from '../src/replay/consumed-offsets';

export const JWT_SECRET = 'policy-engine-e2e-secret-0123456789abcdef';

/** A fresh personRef-shaped pseudonym. */
export const ref = () => `t1:${randomBytes(18).toString('base64url')}`;

/**
 * A registered household of a head (born 1975) and a school child (2015) in town 442000100, the
 * head earning for both: per-capita income `perCapitaFen` a month.
 */
export const householdOfTwo = (
  id: string,
  perCapitaFen: number,
  head = ref(),
  child = ref(),
): HouseholdRegisteredV1Payload => ({
  householdId: id,
  town: '442000100',
  village: '442000100001',
  hukouType: 'local',
  members: [
    {
      personRef: head,
      maskedId: '442000********1234',
      birthDate: '1975-04-12',
      sex: 'male',
      relation: 'head',
      labourCapacity: 'partial',
      seriousIllness: false,
      monthlyIncomeFen: perCapitaFen * 2,
    },
    {
      personRef: child,
      maskedId: '442000********0026',
      birthDate: '2015-09-01',
      sex: 'female',
      relation: 'child',
      labourCapacity: 'none',
      seriousIllness: false,
      schooling: 'primary',
      monthlyIncomeFen: 0,
    },
  ],
  assets: { financialAssetsFen: 100000, vehicleCount: 0, housingUnits: 1 },
  totalMonthlyIncomeFen: perCapitaFen * 2,
  perCapitaMonthlyIncomeFen: perCapitaFen,
});

/** One running engine on a fresh schema and topic prefix. */
export interface EngineFixture {
  app: ServiceApp;
  schema: Awaited<ReturnType<typeof freshSchema>>;
  topics: FreshTopics;
  env: Record<string, string>;
  token(roles: Role[], towns?: string[]): Promise<string>;
  /** Publishes events as their departments would (structured CloudEvents, keyed by subject); returns the envelopes. */
  publish<T extends object>(def: EventDefinition<T>, ...payloads: NoInfer<T>[]): Promise<EventEnvelope<T>[]>;
  /** Re-sends envelopes exactly as they were (same ids): a redelivery. */
  resend(events: EventEnvelope[]): Promise<void>;
  /** Waits until every consumer group committed the current end offsets of its topic. */
  consumedAll(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startEngine(prefix: string, extraEnv: Record<string, string> = {}): Promise<EngineFixture> {
  const [schema, topics] = await Promise.all([
    freshSchema(prefix),
    freshTopics(prefix, [...consumedTopics(), 'policy.alert'], 2),
  ]);
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: process.env.DATABASE_URL as string,
    DATABASE_SCHEMA: schema.schema,
    DATABASE_POOL_SIZE: '8',
    KAFKA_BROKERS: process.env.KAFKA_BROKERS as string,
    TOPIC_PREFIX: topics.prefix,
    JWT_SECRET,
    LOG_LEVEL: 'warn',
    EVALUATION_WORKER: 'on',
    DAILY_EVALUATION: 'off',
    EVALUATION_LOCK_CHECK: 'on',
    EVALUATION_POLL_MS: '200',
    EVALUATION_BATCH_SIZE: '3',
    ...extraEnv,
  };
  const app = await createServiceApp(AppModule, {
    name: 'policy-engine',
    config: PolicyEngineConfig,
    env,
    transports: (a) => [policyEventsTransport(a)],
    // a failed lock check is retried by the inbox, not thrown at the test: the test's waits stop at it
    logSink: failingOn(LOCK_CHECK_FAILED, 'policy-engine'),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const settings = app.get(BaseServiceConfig);
  const send = (events: EventEnvelope[]) =>
    Promise.all(
      events.map((e) => {
        const logical = findEventDefinition(e.type, e.dataversion)?.topic ?? e.type.split('.').slice(0, 2).join('.');
        const r = toKafkaRecord(e, topics.topic(logical));
        return produceRaw(r.topic, [{ key: r.key, value: r.value, headers: r.headers }]);
      }),
    ).then(() => undefined);
  return {
    app,
    schema,
    topics,
    env,
    token: (roles, towns) =>
      signDevToken(settings, { sub: `u-${roles[0].replace(':', '-')}`, roles, ...(towns ? { towns } : {}) }),
    async publish(def, ...payloads) {
      const events = payloads.map((p) => createEvent(def, p, { source: producerOf(def) }));
      // one at a time keeps the order of a test's story on each key
      for (const e of events) await send([e as EventEnvelope]);
      return events;
    },
    resend: (events) => send(events),
    async consumedAll(timeoutMs = 60_000) {
      const logical = consumedTopics();
      const targets = await endOffsets(topics.connection, logical);
      await waitFor(
        'every consumer group to reach the end offsets',
        async () => {
          for (const t of logical) {
            const physical = topics.topic(t);
            const reached = await groupReached(
              topics.connection,
              `${topics.prefix}policy-engine.${t}`,
              new Map([[physical, targets.get(physical)!]]),
            );
            if (!reached) return undefined;
          }
          return true;
        },
        timeoutMs,
        250,
      );
    },
    async close() {
      await app.close();
      await Promise.all([schema.drop(), topics.drop()]);
    },
  };
}
