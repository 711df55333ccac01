import { eventWithCurrentRefs } from '@civic/operations';
import { bootstrapService } from '@civic/platform';
import { inboxTransportFor } from '@civic/messaging';
import { AppModule } from './app.module';
import { HubGatewayConfig } from './hub-gateway.config';

void bootstrapService(AppModule, {
  name: 'hub-gateway',
  config: HubGatewayConfig,
  description:
    "The municipal data hub's door: life events in (DCI CRVS notify and a REST batch), the DCI Social Registry API, masked feeds out.",
  // consumed events reach the read model and feeds under current personRefs (docs/adr/0018-person-ref-rekeying.md)
  transports: (app) => [inboxTransportFor(app, { prepare: eventWithCurrentRefs })],
});
