import { eventWithCurrentRefs } from '@civic/operations';
import { bootstrapService } from '@civic/platform';
import { inboxTransportFor } from '@civic/messaging';
import { AppModule } from './app.module';
import { GovernanceConfig } from './governance.config';

void bootstrapService(AppModule, {
  name: 'governance',
  config: GovernanceConfig,
  description:
    'Administrative divisions (reference codes), social organisations, social workers and 双百 stations, visit tasks for the departments (docs/domain.md §5).',
  // consumed events reach handlers under current personRefs (docs/adr/0018-person-ref-rekeying.md)
  transports: (app) => [inboxTransportFor(app, { prepare: eventWithCurrentRefs })],
});
