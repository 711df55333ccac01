// The fault suite's fixture service (docs/adr/0005-fault-suite.md). Started by faults/harness with its own env.
import { inboxTransportFor } from '@civic/messaging';
import { bootstrapService } from '@civic/platform';
import { FixtureConfig } from './fixture.config';
import { FixtureModule } from './fixture.module';

void bootstrapService(FixtureModule, {
  name: 'fault-fixture',
  config: FixtureConfig,
  description:
    'Fault-suite fixture: POST an increment (state row + outbox event); the consumer applies it to a ledger through the inbox.',
  transports: (app) => {
    const config = app.get(FixtureConfig);
    if (config.FIXTURE_CONSUMER !== 'on') return [];
    return [
      inboxTransportFor(app, {
        consumers: [{ name: 'ledger', topics: ['faults.counter'] }],
        partitionsConsumedConcurrently: 3,
        sessionTimeoutMs: config.FIXTURE_SESSION_TIMEOUT_MS,
        retry: { attempts: 4, initialBackoffMs: 100, maxBackoffMs: 1_000 },
      }),
    ];
  },
}).then(() => process.stdout.write('ready\n'));
