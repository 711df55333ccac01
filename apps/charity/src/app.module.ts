import { DivisionReferenceModule } from '@civic/divisions';
import { kafkaSettingsOf, messagingEntities, MessagingModule, OutboxRelayService } from '@civic/messaging';
import { DatabaseModule, readinessCheck, residentIdsProvider } from '@civic/platform';
import { Module } from '@nestjs/common';
import { CharityConfig } from './charity.config';
import { CrowdfundingController } from './crowdfunding/crowdfunding.controller';
import { CrowdfundingService } from './crowdfunding/crowdfunding.service';
import { LedgerController } from './ledger/ledger.controller';
import { LedgerService } from './ledger/ledger.service';
import { PublicLedgerController } from './ledger/public-ledger.controller';
import { PublicLedgerRateGuard } from './ledger/public-ledger-rate.guard';
import { PublicLedgerService } from './ledger/public-ledger.service';
import { OrganisationsController } from './organisations/organisations.controller';
import { OrganisationsService } from './organisations/organisations.service';
import { AmountBound } from './parameters/amount-bound';
import { CharityTopics } from './persistence/charity-topics';
import { DeathReactions } from './reactions/death-reactions.service';
import { TrustsController } from './trusts/trusts.controller';
import { TrustsService } from './trusts/trusts.service';
import { VolunteersController } from './volunteers/volunteers.controller';
import { VolunteersService } from './volunteers/volunteers.service';
import { LotteryOutletsController } from './lottery/lottery-outlets.controller';
import { LotteryOutletsService } from './lottery/lottery-outlets.service';
import { IndicatorsController } from './indicators/indicators.controller';
import { IndicatorsService } from './indicators/indicators.service';
import { ProjectsController } from './projects/projects.controller';
import { ProjectsService } from './projects/projects.service';
import { GovernanceCredit } from './reactions/governance-credit.service';
import { GovernanceEventsListener } from './reactions/governance-events.listener';
import { HubLifeEventsListener } from './reactions/hub-life-events.listener';
import { PolicyAlertsListener } from './reactions/policy-alerts.listener';
import { ReferralsController } from './referrals/referrals.controller';
import { ReferralsService } from './referrals/referrals.service';
import { WishesController } from './wishes/wishes.controller';
import { WishesService } from './wishes/wishes.service';
import { DeadLettersModule } from '@civic/operations';
import { CharityRefFollower, charityRefRekeying } from './persistence/person-ref-rekeying';
import { CHARITY_MIGRATIONS } from './charity.migrations';

@Module({
  imports: [
    DeadLettersModule.forRoot({ roles: ['charity:admin'] }),
    DatabaseModule.forRoot({
      entities: [...messagingEntities],
      migrations: CHARITY_MIGRATIONS,
    }),
    MessagingModule.forRootAsync({
      inject: [CharityConfig],
      useFactory: (config: CharityConfig) => ({
        service: 'charity',
        // brokers, prefix, TLS/SASL and the topics' settings and mode (KAFKA_* in libs/platform)
        ...kafkaSettingsOf(config),
        relay: { pollIntervalMs: config.RELAY_POLL_INTERVAL_MS },
      }),
    }),
    DivisionReferenceModule,
  ],
  controllers: [
    ...charityRefRekeying.controllers,
    CharityRefFollower,
    OrganisationsController,
    ProjectsController,
    LedgerController,
    PublicLedgerController,
    CrowdfundingController,
    ReferralsController,
    WishesController,
    TrustsController,
    VolunteersController,
    LotteryOutletsController,
    IndicatorsController,
    GovernanceEventsListener,
    PolicyAlertsListener,
    HubLifeEventsListener,
  ],
  providers: [
    ...charityRefRekeying.providers,
    CharityTopics,
    readinessCheck('messaging', OutboxRelayService),
    residentIdsProvider(CharityConfig),
    AmountBound,
    OrganisationsService,
    ProjectsService,
    LedgerService,
    PublicLedgerService,
    PublicLedgerRateGuard,
    CrowdfundingService,
    ReferralsService,
    GovernanceCredit,
    DeathReactions,
    WishesService,
    TrustsService,
    VolunteersService,
    LotteryOutletsService,
    IndicatorsService,
  ],
})
export class AppModule {}
