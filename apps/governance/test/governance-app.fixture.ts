import { eventWithCurrentRefs } from '@civic/operations';
import { EventDefinition, EventEnvelope } from '@civic/contracts';
import { inboxTransportFor } from '@civic/messaging';
import { createServiceApp, Role, ServiceApp, signDevTokenFor } from '@civic/platform';
import { FreshTopics, publishEvents, ServiceTestApp, startServiceTestApp } from '@civic/testing';
import { AppModule } from '../src/app.module';
import { GovernanceConfig } from '../src/governance.config';
import { GOVERNANCE_TOPICS } from '../src/persistence/governance-topics';

/** One governance instance on a fresh schema and fresh topics, with helpers to call it. */
export type GovernanceApp = ServiceTestApp<ServiceApp, Role>;

export function startGovernanceApp(
  prefix: string,
  extraEnv: Record<string, string> = {},
  databaseUrl?: (schemaUrl: string) => string,
): Promise<GovernanceApp> {
  return startServiceTestApp<ServiceApp, Role>({
    prefix,
    databaseUrl,
    topicNames: GOVERNANCE_TOPICS,
    adminRole: 'governance:admin',
    env: {
      OVERDUE_SCAN_INTERVAL_MS: '0',
      LOG_LEVEL: process.env.GOV_LOG_LEVEL ?? 'error',
      ...extraEnv,
    },
    create: (env) =>
      createServiceApp(AppModule, {
        name: 'governance',
        config: GovernanceConfig,
        env,
        transports: (app) => [
          inboxTransportFor(app, { retry: { attempts: 2, initialBackoffMs: 50 }, prepare: eventWithCurrentRefs }),
        ],
      }),
    sign: signDevTokenFor,
  });
}

/**
 * Publishes a contract event as its department would (eldercare, child welfare and social assistance
 * are built in parallel: their events go straight onto the suite's prefixed topic).
 */
export async function publishEvent<T extends object>(
  topics: FreshTopics,
  def: EventDefinition<T>,
  data: T,
): Promise<EventEnvelope<T>> {
  return (await publishEvents(topics, def, data))[0];
}

/** A personRef shaped like identity's (key id, HMAC), for people the departments refer to. */
export const personRef = (who: string) => `t1:${Buffer.from(`person-${who}-0123456789abcdef`).toString('base64url')}`;
