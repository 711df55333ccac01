import { inboxTransportFor } from '@civic/messaging';
import { createServiceApp, Role, ServiceApp, signDevTokenFor } from '@civic/platform';
import { FreshTopics, ServiceTestApp, startServiceTestApp } from '@civic/testing';
import { AppModule } from '../src/app.module';
import { EldercareConfig } from '../src/eldercare.config';
import { ELDERCARE_TOPICS } from '../src/persistence/eldercare-topics';

/** One eldercare instance on a fresh schema and fresh topics, with helpers to call it. */
export type EldercareApp = ServiceTestApp<ServiceApp, Role>;

export function startEldercareApp(
  prefix: string,
  extraEnv: Record<string, string> = {},
  existingTopics?: FreshTopics,
): Promise<EldercareApp> {
  return startServiceTestApp<ServiceApp, Role>({
    prefix,
    topicNames: ELDERCARE_TOPICS,
    sharedTopics: existingTopics,
    adminRole: 'eldercare:admin',
    env: {
      DAILY_RUN_INTERVAL_MS: '0',
      ALARM_SCAN_INTERVAL_MS: '0',
      LOG_LEVEL: process.env.EC_LOG_LEVEL ?? 'error',
      ...extraEnv,
    },
    create: (env) =>
      createServiceApp(AppModule, {
        name: 'eldercare',
        config: EldercareConfig,
        env,
        transports: (app) => [inboxTransportFor(app, { retry: { attempts: 2, initialBackoffMs: 50 } })],
      }),
    sign: signDevTokenFor,
  });
}
