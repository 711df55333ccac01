import { eventWithCurrentRefs } from '@civic/operations';
import { inboxTransportFor } from '@civic/messaging';
import { createServiceApp, Role, ServiceApp, signDevTokenFor } from '@civic/platform';
import { FreshTopics, ServiceTestApp, startServiceTestApp } from '@civic/testing';
import { AppModule } from '../src/app.module';
import { AssistanceConfig } from '../src/assistance.config';
import { ASSISTANCE_TOPICS } from '../src/persistence/assistance-topics';

/** One social-assistance instance on a fresh schema and fresh topics, with helpers to call it. */
export type AssistanceApp = ServiceTestApp<ServiceApp, Role>;

export function startAssistanceApp(
  prefix: string,
  extraEnv: Record<string, string> = {},
  /** Topics shared with other services of the test (created and dropped by the caller). */
  sharedTopics?: FreshTopics,
): Promise<AssistanceApp> {
  return startServiceTestApp<ServiceApp, Role>({
    prefix,
    topicNames: ASSISTANCE_TOPICS,
    sharedTopics,
    adminRole: 'assistance:admin',
    env: {
      OVERDUE_SCAN_INTERVAL_MS: '0',
      LOG_LEVEL: process.env.SA_LOG_LEVEL ?? 'error',
      ...extraEnv,
    },
    create: (env) =>
      createServiceApp(AppModule, {
        name: 'social-assistance',
        config: AssistanceConfig,
        env,
        transports: (app) => [
          inboxTransportFor(app, { retry: { attempts: 2, initialBackoffMs: 50 }, prepare: eventWithCurrentRefs }),
        ],
      }),
    sign: signDevTokenFor,
  });
}

// The household test data lives in libs/testing; the suites of this service import it from here.
export {
  householdBody,
  memberBody,
  residentIdNumber as residentId,
  TEST_TOWN as TOWN,
  TEST_VILLAGE as VILLAGE,
} from '@civic/testing';
