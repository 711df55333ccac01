import { eventWithCurrentRefs } from '@civic/operations';
import { bootstrapService } from '@civic/platform';
import { inboxTransportFor } from '@civic/messaging';
import { AppModule } from './app.module';
import { CharityConfig } from './charity.config';

void bootstrapService(AppModule, {
  name: 'charity',
  config: CharityConfig,
  description:
    'Charitable organisations, projects with a double-entry public ledger, donations and disbursements, illness crowdfunding and the help-centre referral queue (docs/domain.md §4).',
  // consumed events reach handlers under current personRefs (docs/adr/0018-person-ref-rekeying.md)
  transports: (app) => [inboxTransportFor(app, { prepare: eventWithCurrentRefs })],
});
