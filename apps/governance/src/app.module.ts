import { messagingEntities, MessagingModule, OutboxRelayService, kafkaSettingsOf } from '@civic/messaging';
import { DatabaseModule, readinessCheck } from '@civic/platform';
import { Module } from '@nestjs/common';
import { CommunitiesController } from './communities/communities.controller';
import { CommunitiesService } from './communities/communities.service';
import { DivisionsController } from './divisions/divisions.controller';
import { DivisionsService } from './divisions/divisions.service';
import { GovernanceConfig } from './governance.config';
import { HardshipController } from './hardship/hardship.controller';
import { HardshipService } from './hardship/hardship.service';
import { IllegalOrganisationsController } from './illegal-organisations/illegal-organisations.controller';
import { IllegalOrganisationsService } from './illegal-organisations/illegal-organisations.service';
import { InspectionsController } from './inspections/inspections.controller';
import { InspectionsService } from './inspections/inspections.service';
import { AnnualReportsService } from './organisations/annual-reports.service';
import { OrganisationsController } from './organisations/organisations.controller';
import { OrganisationsService } from './organisations/organisations.service';
import { GovernanceRefFollower } from './persistence/person-ref-following';
import { GovernanceTopics } from './persistence/governance-topics';
import { AssistanceListener } from './reactions/assistance.listener';
import { ChildWelfareListener } from './reactions/child-welfare.listener';
import { EldercareListener } from './reactions/eldercare.listener';
import { HubLifeEventsListener } from './reactions/hub-life-events.listener';
import { OverdueScans } from './schedule/overdue-scans';
import { VisitTasksController } from './visit-tasks/visit-tasks.controller';
import { VisitTasksService } from './visit-tasks/visit-tasks.service';
import { WorkersController } from './workers/workers.controller';
import { WorkersService } from './workers/workers.service';
import { DeadLettersModule } from '@civic/operations';
import { GOVERNANCE_MIGRATIONS } from './governance.migrations';

@Module({
  imports: [
    DeadLettersModule.forRoot({ roles: ['governance:admin'] }),
    DatabaseModule.forRoot({
      entities: [...messagingEntities],
      migrations: GOVERNANCE_MIGRATIONS,
    }),
    MessagingModule.forRootAsync({
      inject: [GovernanceConfig],
      useFactory: (config: GovernanceConfig) => ({
        service: 'governance',
        // brokers, prefix, TLS/SASL and the topics' settings and mode (KAFKA_* in libs/platform)
        ...kafkaSettingsOf(config),
        relay: { pollIntervalMs: config.RELAY_POLL_INTERVAL_MS },
      }),
    }),
  ],
  controllers: [
    DivisionsController,
    OrganisationsController,
    InspectionsController,
    WorkersController,
    VisitTasksController,
    HardshipController,
    CommunitiesController,
    IllegalOrganisationsController,
    EldercareListener,
    ChildWelfareListener,
    AssistanceListener,
    HubLifeEventsListener,
    GovernanceRefFollower,
  ],
  providers: [
    GovernanceTopics,
    readinessCheck('messaging', OutboxRelayService),
    DivisionsService,
    OrganisationsService,
    AnnualReportsService,
    InspectionsService,
    WorkersService,
    VisitTasksService,
    OverdueScans,
    HardshipService,
    CommunitiesService,
    IllegalOrganisationsService,
  ],
})
export class AppModule {}
