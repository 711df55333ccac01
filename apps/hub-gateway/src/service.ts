import { bootstrapService } from '@civic/platform';
import { inboxTransportFor } from '@civic/messaging';
import { AppModule } from './app.module';
import { HubGatewayConfig } from './hub-gateway.config';

void bootstrapService(AppModule, {
  name: 'hub-gateway',
  config: HubGatewayConfig,
  description:
    "The municipal data hub's door: life events in (DCI CRVS notify and a REST batch), the DCI Social Registry API, masked feeds out.",
  transports: (app) => [inboxTransportFor(app)],
});
