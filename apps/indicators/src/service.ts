import { bootstrapService } from '@civic/platform';
import { inboxTransportFor } from '@civic/messaging';
import { AppModule } from './app.module';
import { IndicatorsConfig } from './indicators.config';

void bootstrapService(AppModule, {
  name: 'indicators',
  config: IndicatorsConfig,
  description:
    "The plan's 专栏1 indicators computed from the departments' events for any date: value, 2025 target, status, per town, and the events behind each figure (docs/adr/0010-indicators-read-model.md).",
  transports: (app) => [inboxTransportFor(app)],
});
