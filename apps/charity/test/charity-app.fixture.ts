import { eventWithCurrentRefs } from '@civic/operations';
import { inboxTransportFor } from '@civic/messaging';
import { createServiceApp, Role, ServiceApp, signDevTokenFor } from '@civic/platform';
import { ServiceTestApp, startServiceTestApp } from '@civic/testing';
import { AppModule } from '../src/app.module';
import { CharityConfig } from '../src/charity.config';
import { CHARITY_TOPICS } from '../src/persistence/charity-topics';

/** One charity instance on a fresh schema and fresh topics, with helpers to call it and to publish other departments' events. */
export type CharityApp = ServiceTestApp<ServiceApp, Role>;

export function startCharityApp(
  prefix: string,
  extraEnv: Record<string, string> = {},
  topicNames: string[] = CHARITY_TOPICS,
): Promise<CharityApp> {
  return startServiceTestApp<ServiceApp, Role>({
    prefix,
    topicNames: topicNames,
    adminRole: 'charity:admin',
    env: {
      LOG_LEVEL: process.env.CHARITY_LOG_LEVEL ?? 'error',
      ...extraEnv,
    },
    create: (env) =>
      createServiceApp(AppModule, {
        name: 'charity',
        config: CharityConfig,
        env,
        transports: (app) => [
          inboxTransportFor(app, { retry: { attempts: 2, initialBackoffMs: 50 }, prepare: eventWithCurrentRefs }),
        ],
      }),
    sign: signDevTokenFor,
  });
}
