import { messagingEntities, messagingMigrations, MessagingModule, OutboxRelayService } from '@civic/messaging';
import { DatabaseModule, readinessCheck } from '@civic/platform';
import { Module } from '@nestjs/common';
import { DepartmentEventsListener } from './facts/department-events.listener';
import { FactsService } from './facts/facts.service';
import { IndicatorsConfig } from './indicators.config';
import { IndicatorsController } from './indicators/indicators.controller';
import { IndicatorsService } from './indicators/indicators.service';
import { PageController } from './page/page.controller';
import { IndicatorFacts1768000000000 } from './persistence/indicator-facts.migration';
import { IndicatorsTopics } from './persistence/indicators-topics';
import { DeadLettersModule, PersonRefAlias1767300000000 } from '@civic/operations';
import { IndicatorsRefFollower } from './persistence/person-ref-following';

@Module({
  imports: [
    // run beside the policy engine by the same team: its admin role operates the dead letters
    DeadLettersModule.forRoot({ roles: ['policy:admin'] }),
    DatabaseModule.forRoot({
      entities: [...messagingEntities],
      migrations: [...messagingMigrations, IndicatorFacts1768000000000, PersonRefAlias1767300000000],
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
