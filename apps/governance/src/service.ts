import { bootstrapService } from '@civic/platform';
import { inboxTransportFor } from '@civic/messaging';
import { AppModule } from './app.module';
import { GovernanceConfig } from './governance.config';

void bootstrapService(AppModule, {
  name: 'governance',
  config: GovernanceConfig,
  description:
    'Administrative divisions (reference codes), social organisations, social workers and 双百 stations, visit tasks for the departments (docs/domain.md §5).',
  transports: (app) => [inboxTransportFor(app)],
});
