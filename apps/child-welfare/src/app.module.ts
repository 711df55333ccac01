import { DivisionReferenceModule } from '@civic/divisions';
import { kafkaSettingsOf, messagingEntities, MessagingModule, OutboxRelayService } from '@civic/messaging';
import { DatabaseModule, readinessCheck, residentIdsProvider } from '@civic/platform';
import { Module } from '@nestjs/common';
import { AdoptionsController } from './adoptions/adoptions.controller';
import { AdoptionsService } from './adoptions/adoptions.service';
import { AgeOuts } from './age-out/age-outs.service';
import { AllowancesService } from './allowances/allowances.service';
import { ChildWelfareConfig } from './child-welfare.config';
import { ChildrenController, GuardianshipReviewsController } from './children/children.controller';
import { ChildrenService } from './children/children.service';
import { GuardianshipReviews } from './children/guardianship-reviews.service';
import { PersonFacts } from './classification/person-facts.service';
import { Reclassification } from './classification/reclassification.service';
import { ChildDeaths } from './deaths/child-deaths.service';
import { DeadlinesController } from './deadlines/deadlines.controller';
import { Deadlines } from './deadlines/deadlines.service';
import { ChildParameters } from './parameters/child-parameters';
import { AllowancePaymentsController } from './payments/allowance-payments.controller';
import { AllowancePaymentsService } from './payments/allowance-payments.service';
import { ChildWelfareTopics } from './persistence/child-welfare-topics';
import { AssistanceHouseholdsListener } from './reactions/assistance-households.listener';
import { HubLifeEventsListener } from './reactions/hub-life-events.listener';
import { PolicyAlertsListener } from './reactions/policy-alerts.listener';
import { PolicyParametersListener } from './reactions/policy-parameters.listener';
import { ReportsController } from './reports/reports.controller';
import { ReportsService } from './reports/reports.service';
import { WorkQueueController } from './work-queue/work-queue.controller';
import { WorkQueue } from './work-queue/work-queue.service';
import { WorkforceController } from './workforce/workforce.controller';
import { WorkforceService } from './workforce/workforce.service';
import { DeadLettersModule } from '@civic/operations';
import { ChildWelfareRefFollower, childWelfareRefRekeying } from './persistence/person-ref-rekeying';
import { CHILD_WELFARE_MIGRATIONS } from './child-welfare.migrations';

@Module({
  imports: [
    DeadLettersModule.forRoot({ roles: ['child-welfare:admin'] }),
    DatabaseModule.forRoot({
      entities: [...messagingEntities],
      migrations: CHILD_WELFARE_MIGRATIONS,
    }),
    MessagingModule.forRootAsync({
      inject: [ChildWelfareConfig],
      useFactory: (config: ChildWelfareConfig) => ({
        service: 'child-welfare',
        // brokers, prefix, TLS/SASL and the topics' settings and mode (KAFKA_* in libs/platform)
        ...kafkaSettingsOf(config),
        relay: { pollIntervalMs: config.RELAY_POLL_INTERVAL_MS },
      }),
    }),
    DivisionReferenceModule,
  ],
  controllers: [
    ...childWelfareRefRekeying.controllers,
    ChildWelfareRefFollower,
    ChildrenController,
    GuardianshipReviewsController,
    ReportsController,
    WorkQueueController,
    DeadlinesController,
    WorkforceController,
    AdoptionsController,
    AllowancePaymentsController,
    HubLifeEventsListener,
    AssistanceHouseholdsListener,
    PolicyAlertsListener,
    PolicyParametersListener,
  ],
  providers: [
    ...childWelfareRefRekeying.providers,
    ChildWelfareTopics,
    readinessCheck('messaging', OutboxRelayService),
    residentIdsProvider(ChildWelfareConfig),
    ChildParameters,
    AllowancesService,
    Reclassification,
    PersonFacts,
    ChildrenService,
    ReportsService,
    AgeOuts,
    Deadlines,
    WorkQueue,
    WorkforceService,
    AdoptionsService,
    AllowancePaymentsService,
    ChildDeaths,
    GuardianshipReviews,
  ],
})
export class AppModule {}
