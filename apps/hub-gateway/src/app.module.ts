import { messagingEntities, messagingMigrations, MessagingModule } from '@civic/messaging';
import { DatabaseModule } from '@civic/platform';
import { Module } from '@nestjs/common';
import { MessageGate } from './envelope/message-gate.service';
import { HubGatewayConfig } from './hub-gateway.config';
import { PersonIdentityController } from './identity/person-identity.controller';
import { PersonIdentityService } from './identity/person-identity.service';
import { LifeEventsController } from './life-events/life-events.controller';
import { LifeEventsService } from './life-events/life-events.service';
import { HubSchema1764500000000 } from './persistence/hub-schema.migration';
import { SendersController } from './senders/senders.controller';
import { SendersService } from './senders/senders.service';

@Module({
  imports: [
    DatabaseModule.forRoot({ entities: [...messagingEntities], migrations: [...messagingMigrations, HubSchema1764500000000] }),
    MessagingModule.forRootAsync({
      inject: [HubGatewayConfig],
      useFactory: (c: HubGatewayConfig) => ({
        service: 'hub-gateway',
        brokers: c.KAFKA_BROKERS,
        topicPrefix: c.TOPIC_PREFIX,
        relay: { pollIntervalMs: c.RELAY_POLL_INTERVAL_MS },
      }),
    }),
  ],
  controllers: [LifeEventsController, SendersController, PersonIdentityController],
  providers: [MessageGate, SendersService, PersonIdentityService, LifeEventsService],
})
export class AppModule {}
