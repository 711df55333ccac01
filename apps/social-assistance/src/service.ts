import { eventWithCurrentRefs } from '@civic/operations';
import { bootstrapService } from '@civic/platform';
import { inboxTransportFor } from '@civic/messaging';
import { AppModule } from './app.module';
import { AssistanceConfig } from './assistance.config';

void bootstrapService(AppModule, {
  name: 'social-assistance',
  config: AssistanceConfig,
  description:
    'Households, means test, assistance cases and their workflow, monthly payment runs and supervision (docs/domain.md §1).',
  // consumed events reach handlers under current personRefs (docs/adr/0018-person-ref-rekeying.md)
  transports: (app) => [inboxTransportFor(app, { prepare: eventWithCurrentRefs })],
});
