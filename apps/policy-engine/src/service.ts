import { bootstrapService } from '@civic/platform';
import { AppModule } from './app.module';
import { policyEventsTransport } from './consumer/policy-events.transport';
import { PolicyEngineConfig } from './policy-engine.config';

void bootstrapService(AppModule, {
  name: 'policy-engine',
  config: PolicyEngineConfig,
  description:
    'Per-person view from every department and the data hub, dated policy rules, alerts and their lifecycle, audit findings.',
  transports: (app) => [policyEventsTransport(app)],
});
