import { eventWithCurrentRefs } from '@civic/operations';
import { bootstrapService } from '@civic/platform';
import { inboxTransportFor } from '@civic/messaging';
import { AppModule } from './app.module';
import { ChildWelfareConfig } from './child-welfare.config';

void bootstrapService(AppModule, {
  name: 'child-welfare',
  config: ChildWelfareConfig,
  description:
    'Children and their categories, allowances, guardianship, mandatory reports and the child-welfare work queue (docs/domain.md §3).',
  // consumed events reach handlers under current personRefs (docs/adr/0018-person-ref-rekeying.md)
  transports: (app) => [inboxTransportFor(app, { prepare: eventWithCurrentRefs })],
});
