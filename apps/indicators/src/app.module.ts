import { messagingEntities, MessagingModule, OutboxRelayService } from '@civic/messaging';
import { DatabaseModule, readinessCheck } from '@civic/platform';
import { Module } from '@nestjs/common';
import { DepartmentEventsListener } from './facts/department-events.listener';
import { FactsService } from './facts/facts.service';
import { IndicatorsConfig } from './indicators.config';
import { IndicatorsController } from './indicators/indicators.controller';
import { IndicatorsService } from './indicators/indicators.service';
import { PageController } from './page/page.controller';
import { IndicatorsTopics } from './persistence/indicators-topics';
import { DeadLettersModule } from '@civic/operations';
import { IndicatorsRefFollower } from './persistence/person-ref-following';
import { INDICATORS_MIGRATIONS } from './indicators.migrations';

@Module({
  imports: [
    // run beside the policy engine by the same team: its admin role operates the dead letters
    DeadLettersModule.forRoot({ roles: ['policy:admin'] }),
    DatabaseModule.forRoot({
      entities: [...messagingEntities],
      migrations: INDICATORS_MIGRATIONS,
    }),
    MessagingModule.forRootAsync({
      inject: [IndicatorsConfig],
      useFactory: (config: IndicatorsConfig) => ({
        service: 'indicators',
        brokers: config.KAFKA_BROKERS,
        topicPrefix: config.TOPIC_PREFIX,
        relay: { pollIntervalMs: config.RELAY_POLL_INTERVAL_MS },
      }),
    }),
  ],
  controllers: [IndicatorsController, PageController, DepartmentEventsListener, IndicatorsRefFollower],
  providers: [IndicatorsTopics, readinessCheck('messaging', OutboxRelayService), FactsService, IndicatorsService],
})
export class AppModule {}
