import { divisionReferenceMigrations, DivisionReferenceModule } from '@civic/divisions';
import {
  kafkaSettingsOf,
  messagingEntities,
  messagingMigrations,
  MessagingModule,
  OutboxRelayService,
} from '@civic/messaging';
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
import { FamilyCareBeds1767200000002 } from './family-beds/family-beds.migration';
import { FamilyBedsService } from './family-beds/family-beds.service';
import { HomeAdaptationsController } from './home-adaptations/home-adaptations.controller';
import { HomeAdaptations1767200000003 } from './home-adaptations/home-adaptations.migration';
import { HomeAdaptationsService } from './home-adaptations/home-adaptations.service';
import { ElderParameters } from './parameters/elder-parameters';
import { HomeCareController } from './home-care/home-care.controller';
import { HomeCare1765200000003 } from './home-care/home-care.migration';
import { HomeCareService } from './home-care/home-care.service';
import { InstitutionsController } from './institutions/institutions.controller';
import { Institutions1765200000002 } from './institutions/institutions.migration';
import { InstitutionsService } from './institutions/institutions.service';
import { AllowancePaymentsController } from './payments/allowance-payments.controller';
import { AllowancePayments1765200000001 } from './payments/allowance-payments.migration';
import { AllowancePaymentsService } from './payments/allowance-payments.service';
import { EldercareDeathRecords1767200000000 } from './persistence/death-records.migration';
import { EldercareSchema1765200000000 } from './persistence/eldercare-schema.migration';
import { EldercareTopics } from './persistence/eldercare-topics';
import { AssistanceCasesListener } from './reactions/assistance-cases.listener';
import { DeathReactions } from './reactions/death-reactions.service';
import { EconomicStatus } from './reactions/economic-status.service';
import { HubLifeEventsListener } from './reactions/hub-life-events.listener';
import { PolicyAlertsListener } from './reactions/policy-alerts.listener';
import { PolicyParametersListener } from './reactions/policy-parameters.listener';
import { AllowanceDecisions1767200000001 } from './allowances/allowance-decisions.migration';
import { VisitsController } from './visits/visits.controller';
import { VisitsService } from './visits/visits.service';
import { WorkQueueController } from './work-queue/work-queue.controller';
import { WorkQueueService } from './work-queue/work-queue.service';
import { DeadLettersModule, PersonRefAlias1767300000000, PersonRefConflict1767400000000 } from '@civic/operations';
import { eldercareRefRekeying } from './persistence/person-ref-rekeying';
import { WorkItemPerson1767300000001 } from './persistence/work-item-person.migration';

@Module({
  imports: [
    DeadLettersModule.forRoot({ roles: ['eldercare:admin'] }),
    DatabaseModule.forRoot({
      entities: [...messagingEntities],
      migrations: [
        ...messagingMigrations,
        EldercareSchema1765200000000,
        AllowancePayments1765200000001,
        Institutions1765200000002,
        HomeCare1765200000003,
        ...divisionReferenceMigrations,
        EldercareDeathRecords1767200000000,
        AllowanceDecisions1767200000001,
        FamilyCareBeds1767200000002,
        HomeAdaptations1767200000003,
        PersonRefAlias1767300000000,
        WorkItemPerson1767300000001,
        PersonRefConflict1767400000000,
      ],
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
