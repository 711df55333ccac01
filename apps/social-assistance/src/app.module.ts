import { DivisionReferenceModule } from '@civic/divisions';
import { kafkaSettingsOf, messagingEntities, MessagingModule, OutboxRelayService } from '@civic/messaging';
import { DatabaseModule, readinessCheck, residentIdsProvider } from '@civic/platform';
import { Module } from '@nestjs/common';
import { AssistanceConfig } from './assistance.config';
import { CasesController } from './cases/cases.controller';
import { CasesService } from './cases/cases.service';
import { PaperworkDeadlines } from './cases/paperwork-deadlines';
import { HouseholdsController } from './households/households.controller';
import { HouseholdsService } from './households/households.service';
import { HouseholdMeansTestController } from './means-test/household-means-test.controller';
import { MeansTestController } from './means-test/means-test.controller';
import { ParametersController } from './parameters/parameters.controller';
import { ParametersService } from './parameters/parameters.service';
import { HouseholdChangeHook } from './households/household-change-hook';
import { AmountCatchUp } from './payments/amount-catch-up';
import { CaseAmounts } from './payments/case-amounts';
import { DeathReactions } from './reactions/death-reactions.service';
import { HubLifeEventsListener } from './reactions/hub-life-events.listener';
import { Reassessment } from './reactions/reassessment.service';
import { SupervisionController } from './supervision/supervision.controller';
import { SupervisionService } from './supervision/supervision.service';
import { PaymentsController } from './payments/payments.controller';
import { PaymentsService } from './payments/payments.service';
import { AssistanceTopics } from './persistence/assistance-topics';
import { DeadLettersModule } from '@civic/operations';
import { AssistanceRefFollower, assistanceRefRekeying } from './persistence/person-ref-rekeying';
import { SOCIAL_ASSISTANCE_MIGRATIONS } from './social-assistance.migrations';

@Module({
  imports: [
    DeadLettersModule.forRoot({ roles: ['assistance:admin'] }),
    DatabaseModule.forRoot({
      entities: [...messagingEntities],
      migrations: SOCIAL_ASSISTANCE_MIGRATIONS,
    }),
    MessagingModule.forRootAsync({
      inject: [AssistanceConfig],
      useFactory: (config: AssistanceConfig) => ({
        service: 'social-assistance',
        // brokers, prefix, TLS/SASL and the topics' settings and mode (KAFKA_* in libs/platform)
        ...kafkaSettingsOf(config),
        relay: { pollIntervalMs: config.RELAY_POLL_INTERVAL_MS },
      }),
    }),
    DivisionReferenceModule,
  ],
  controllers: [
    ...assistanceRefRekeying.controllers,
    AssistanceRefFollower,
    HouseholdsController,
    CasesController,
    PaymentsController,
    HubLifeEventsListener,
    MeansTestController,
    HouseholdMeansTestController,
    ParametersController,
    SupervisionController,
  ],
  providers: [
    ...assistanceRefRekeying.providers,
    AssistanceTopics,
    readinessCheck('messaging', OutboxRelayService),
    residentIdsProvider(AssistanceConfig),
    ParametersService,
    HouseholdsService,
    CasesService,
    PaperworkDeadlines,
    PaymentsService,
    CaseAmounts,
    { provide: HouseholdChangeHook, useExisting: CaseAmounts },
    AmountCatchUp,
    DeathReactions,
    Reassessment,
    SupervisionService,
  ],
})
export class AppModule {}
