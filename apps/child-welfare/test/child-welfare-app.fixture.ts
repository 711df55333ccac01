import { eventWithCurrentRefs } from '@civic/operations';
import { inboxTransportFor } from '@civic/messaging';
import { createServiceApp, Role, ServiceApp, signDevTokenFor } from '@civic/platform';
import { FreshTopics, ServiceTestApp, startServiceTestApp } from '@civic/testing';
import { AppModule } from '../src/app.module';
import { ChildWelfareConfig } from '../src/child-welfare.config';
import { CHILD_WELFARE_TOPICS } from '../src/persistence/child-welfare-topics';

/** One child-welfare instance on a fresh schema and fresh topics, with helpers to call it. */
export type ChildWelfareApp = ServiceTestApp<ServiceApp, Role>;

export function startChildWelfareApp(
  prefix: string,
  extraEnv: Record<string, string> = {},
  /** Topics shared with other services of the test (created and dropped by the caller). */
  sharedTopics?: FreshTopics,
): Promise<ChildWelfareApp> {
  return startServiceTestApp<ServiceApp, Role>({
    prefix,
    topicNames: CHILD_WELFARE_TOPICS,
    sharedTopics,
    adminRole: 'child-welfare:admin',
    env: {
      DEADLINE_SCAN_INTERVAL_MS: '0',
      LOG_LEVEL: process.env.CW_LOG_LEVEL ?? 'error',
      ...extraEnv,
    },
    create: (env) =>
      createServiceApp(AppModule, {
        name: 'child-welfare',
        config: ChildWelfareConfig,
        env,
        transports: (app) => [
          inboxTransportFor(app, { retry: { attempts: 2, initialBackoffMs: 50 }, prepare: eventWithCurrentRefs }),
        ],
      }),
    sign: signDevTokenFor,
  });
}

export { residentIdNumber as residentId, TEST_TOWN as TOWN, TEST_VILLAGE as VILLAGE } from '@civic/testing';
