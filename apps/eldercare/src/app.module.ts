import { DivisionReferenceModule } from '@civic/divisions';
import { kafkaSettingsOf, messagingEntities, MessagingModule, OutboxRelayService } from '@civic/messaging';
import { DatabaseModule, readinessCheck, residentIdsProvider } from '@civic/platform';
import { Module } from '@nestjs/common';
import { AlarmsController } from './alarms/alarms.controller';
import { AlarmsService } from './alarms/alarms.service';
import { DevicesService } from './alarms/devices.service';
import { AllowancesController } from './allowances/allowances.controller';
import { AllowancesService } from './allowances/allowances.service';
import { AssessmentsController } from './assessments/assessments.controller';
import { AssessmentsService } from './assessments/assessments.service';
import { DailyRunController } from './daily/daily-run.controller';
import { DailyRun } from './daily/daily-run.service';
import { EldercareConfig } from './eldercare.config';
import { EldersController } from './elders/elders.controller';
import { EldersService } from './elders/elders.service';
import { FamilyBedsController } from './family-beds/family-beds.controller';
import { FamilyBedsService } from './family-beds/family-beds.service';
import { HomeAdaptationsController } from './home-adaptations/home-adaptations.controller';
import { HomeAdaptationsService } from './home-adaptations/home-adaptations.service';
import { ElderParameters } from './parameters/elder-parameters';
import { HomeCareController } from './home-care/home-care.controller';
import { HomeCareService } from './home-care/home-care.service';
import { InstitutionsController } from './institutions/institutions.controller';
import { InstitutionsService } from './institutions/institutions.service';
import { AllowancePaymentsController } from './payments/allowance-payments.controller';
import { AllowancePaymentsService } from './payments/allowance-payments.service';
import { EldercareTopics } from './persistence/eldercare-topics';
import { AssistanceCasesListener } from './reactions/assistance-cases.listener';
import { DeathReactions } from './reactions/death-reactions.service';
import { EconomicStatus } from './reactions/economic-status.service';
import { HubLifeEventsListener } from './reactions/hub-life-events.listener';
import { PolicyAlertsListener } from './reactions/policy-alerts.listener';
import { PolicyParametersListener } from './reactions/policy-parameters.listener';
import { VisitsController } from './visits/visits.controller';
import { VisitsService } from './visits/visits.service';
import { WorkQueueController } from './work-queue/work-queue.controller';
import { WorkQueueService } from './work-queue/work-queue.service';
import { DeadLettersModule } from '@civic/operations';
import { eldercareRefRekeying } from './persistence/person-ref-rekeying';
import { ELDERCARE_MIGRATIONS } from './eldercare.migrations';

@Module({
  imports: [
    DeadLettersModule.forRoot({ roles: ['eldercare:admin'] }),
    DatabaseModule.forRoot({
      entities: [...messagingEntities],
      migrations: ELDERCARE_MIGRATIONS,
    }),
    MessagingModule.forRootAsync({
      inject: [EldercareConfig],
      useFactory: (config: EldercareConfig) => ({
        service: 'eldercare',
        // brokers, prefix, TLS/SASL and the topics' settings and mode (KAFKA_* in libs/platform)
        ...kafkaSettingsOf(config),
        relay: { pollIntervalMs: config.RELAY_POLL_INTERVAL_MS },
      }),
    }),
    DivisionReferenceModule,
  ],
  controllers: [
    EldersController,
    AssessmentsController,
    AllowancesController,
    AllowancePaymentsController,
    InstitutionsController,
    HomeCareController,
    FamilyBedsController,
    HomeAdaptationsController,
    VisitsController,
    AlarmsController,
    WorkQueueController,
    DailyRunController,
    HubLifeEventsListener,
    AssistanceCasesListener,
    PolicyAlertsListener,
    PolicyParametersListener,
    ...eldercareRefRekeying.controllers,
  ],
  providers: [
    EldercareTopics,
    readinessCheck('messaging', OutboxRelayService),
    residentIdsProvider(EldercareConfig),
    ElderParameters,
    EldersService,
    AssessmentsService,
    AllowancesService,
    AllowancePaymentsService,
    InstitutionsService,
    HomeCareService,
    FamilyBedsService,
    HomeAdaptationsService,
    VisitsService,
    DevicesService,
    AlarmsService,
    WorkQueueService,
    DeathReactions,
    EconomicStatus,
    DailyRun,
    ...eldercareRefRekeying.providers,
  ],
})
export class AppModule {}
