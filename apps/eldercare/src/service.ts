import { bootstrapService } from '@civic/platform';
import { inboxTransportFor } from '@civic/messaging';
import { AppModule } from './app.module';
import { EldercareConfig } from './eldercare.config';

void bootstrapService(AppModule, {
  name: 'eldercare',
  config: EldercareConfig,
  description:
    'Elders, ability assessments, high-age allowance and care subsidy, monthly visits, device alarms and the eldercare work queue (docs/domain.md §2).',
  transports: (app) => [inboxTransportFor(app)],
});
