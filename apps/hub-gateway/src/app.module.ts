import { messagingEntities, MessagingModule, kafkaSettingsOf } from '@civic/messaging';
import { DatabaseModule, residentIdsProvider } from '@civic/platform';
import { Module } from '@nestjs/common';
import { BulkImportService } from './bulk/bulk-import.service';
import { BulkImportsController } from './bulk/bulk-imports.controller';
import { DciExchange } from './dci/envelope/dci-exchange.service';
import { DciProblemAnswers } from './dci/envelope/dci-problem-answers';
import { DciReplies } from './dci/envelope/dci-replies.service';
import { MessageGate } from './dci/envelope/message-gate.service';
import { ReadModelListener } from './dci/registry/read-model.listener';
import { RegistryNotifier } from './dci/registry/registry-notifier.service';
import { RegistryService } from './dci/registry/registry.service';
import { SocialRegistryController } from './dci/registry/social-registry.controller';
import { SocialRegistryService } from './dci/registry/social-registry.service';
import { HubSigner } from './dci/signing/hub-signer.service';
import { JwksController } from './dci/signing/jwks.controller';
import { WebhookDeliveryService } from './delivery/webhook-delivery.service';
import { EnrolmentsController } from './enrolments/enrolments.controller';
import { FeedFanoutListener } from './feeds/feed-fanout.listener';
import { FeedsController } from './feeds/feeds.controller';
import { FeedsService } from './feeds/feeds.service';
import { HubGatewayConfig } from './hub-gateway.config';
import { PersonIdentityController } from './identity/person-identity.controller';
import { PersonIdentityService } from './identity/person-identity.service';
import { LifeEventIntake } from './life-events/life-event-intake.service';
import { LifeEventsController } from './life-events/life-events.controller';
import { LifeEventsService } from './life-events/life-events.service';
import { HubTopics } from './persistence/hub-topics';
import { SendersController } from './senders/senders.controller';
import { SendersService } from './senders/senders.service';
import { DeadLettersModule } from '@civic/operations';
import { HubRefFollower, hubRefRekeying } from './persistence/person-ref-rekeying';
import { HUB_GATEWAY_MIGRATIONS } from './hub-gateway.migrations';

@Module({
  imports: [
    DeadLettersModule.forRoot({ roles: ['hub:admin'] }),
    DatabaseModule.forRoot({
      entities: [...messagingEntities],
      migrations: HUB_GATEWAY_MIGRATIONS,
    }),
    MessagingModule.forRootAsync({
      inject: [HubGatewayConfig],
      useFactory: (c: HubGatewayConfig) => ({
        service: 'hub-gateway',
        // brokers, prefix, TLS/SASL and the topics' settings and mode (KAFKA_* in libs/platform)
        ...kafkaSettingsOf(c),
        relay: { pollIntervalMs: c.RELAY_POLL_INTERVAL_MS },
      }),
    }),
  ],
  controllers: [
    ...hubRefRekeying.controllers,
    HubRefFollower,
    LifeEventsController,
    SendersController,
    PersonIdentityController,
    JwksController,
    SocialRegistryController,
    EnrolmentsController,
    FeedsController,
    BulkImportsController,
    ReadModelListener,
    FeedFanoutListener,
  ],
  providers: [
    ...hubRefRekeying.providers,
    residentIdsProvider(HubGatewayConfig),
    HubTopics,
    MessageGate,
    DciExchange,
    DciReplies,
    DciProblemAnswers,
    SendersService,
    PersonIdentityService,
    LifeEventsService,
    LifeEventIntake,
    HubSigner,
    WebhookDeliveryService,
    RegistryService,
    RegistryNotifier,
    SocialRegistryService,
    BulkImportService,
    FeedsService,
  ],
})
export class AppModule {}
