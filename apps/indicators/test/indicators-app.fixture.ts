import { inboxTransportFor } from '@civic/messaging';
import { createServiceApp, Role, ServiceApp, signDevTokenFor } from '@civic/platform';
import { createEvent, EventDefinition, producerOf, toKafkaRecord } from '@civic/contracts';
import { FreshTopics, produceRaw, ServiceTestApp, startServiceTestApp, waitFor } from '@civic/testing';
import { AppModule } from '../src/app.module';
import { IndicatorResult } from '../src/compute/compute-indicators';
import { IndicatorBoard } from '../src/indicators/indicators.service';
import { IndicatorsConfig } from '../src/indicators.config';
import { INDICATORS_TOPICS } from '../src/persistence/indicators-topics';

/** One indicators read model on a fresh schema and fresh topics, with helpers to call it. */
export type IndicatorsApp = ServiceTestApp<ServiceApp, Role>;

export function startIndicatorsApp(
  prefix: string,
  /** More topics to create (and drop), e.g. every topic when departments run as processes beside it. */
  topicNames: readonly string[] = INDICATORS_TOPICS,
  sharedTopics?: FreshTopics,
): Promise<IndicatorsApp> {
  return startServiceTestApp<ServiceApp, Role>({
    prefix,
    topicNames,
    sharedTopics,
    adminRole: 'policy:admin',
    env: { RELAY_POLL_INTERVAL_MS: '1000', LOG_LEVEL: process.env.INDICATORS_LOG_LEVEL ?? 'error' },
    create: (env) =>
      createServiceApp(AppModule, {
        name: 'indicators',
        config: IndicatorsConfig,
        env,
        transports: (app) => [inboxTransportFor(app, { retry: { attempts: 2, initialBackoffMs: 50 } })],
      }),
    sign: signDevTokenFor,
  });
}

/** Reads the board on a date until `until` holds for it (events arrive through the broker). */
export async function boardWhen(
  app: IndicatorsApp,
  date: string,
  until: (board: IndicatorBoard) => boolean,
  what: string,
): Promise<IndicatorBoard> {
  return waitFor(
    what,
    async () => {
      const res = await app.call('GET', `/api/v1/indicators?date=${date}&months=3`, null);
      if (res.status !== 200) throw new Error(`GET /api/v1/indicators answered ${res.status}: ${res.raw}`);
      return until(res.body as IndicatorBoard) ? (res.body as IndicatorBoard) : undefined;
    },
    60_000,
    250,
  );
}

/** One indicator out of a board. */
export const indicator = (board: IndicatorBoard, id: string): IndicatorResult =>
  board.indicators.find((i) => i.id === id)!;

/** A personRef shaped like identity's (key id, HMAC), for people the departments refer to. */
export const personRef = (who: string) => `t1:${Buffer.from(`person-${who}-0123456789abcdef`).toString('base64url')}`;

/**
 * Publishes events stamped at an instant, as a service whose clock stood there would: for types
 * whose business day is their envelope time (eldercare.elder.registered carries no date).
 */
export async function publishAt<T extends object>(
  app: IndicatorsApp,
  def: EventDefinition<T>,
  time: string,
  ...payloads: NoInfer<T>[]
): Promise<void> {
  for (const data of payloads) {
    const r = toKafkaRecord(
      createEvent(def, data, { source: producerOf(def), time: new Date(time) }),
      app.topics.topic(def.topic),
    );
    await produceRaw(r.topic, [{ key: r.key, value: r.value, headers: r.headers }]);
  }
}
