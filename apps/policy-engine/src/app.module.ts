import { messagingEntities, messagingMigrations, MessagingModule } from '@civic/messaging';
import { DatabaseModule } from '@civic/platform';
import { Module } from '@nestjs/common';
import { AlertMetrics } from './alerts/alert-metrics';
import { AlertsController } from './alerts/alerts.controller';
import { Alerts1764500000001 } from './alerts/alerts.migration';
import { AlertsService } from './alerts/alerts.service';
import { PolicyEngineService } from './consumer/policy-engine.service';
import { EvaluationRunsService } from './evaluation/evaluation-runs.service';
import { EvaluationsController } from './evaluation/evaluations.controller';
import { PersonEvaluator } from './evaluation/person-evaluator.service';
import { FindingsController } from './findings/findings.controller';
import { FindingsService } from './findings/findings.service';
import { MessagingReadiness } from './health/messaging-readiness.service';
import { PersonView1764500000000 } from './person-view/person-view.migration';
import { ParentLinkSource1764500000009 } from './person-view/parent-link-source.migration';
import { PolicyEngineConfig } from './policy-engine.config';
import { policyTopicsProvider } from './consumer/policy-topics.provider';

/** Migrations of the engine's own database, in order. */
export const POLICY_ENGINE_MIGRATIONS = [
  ...messagingMigrations,
  PersonView1764500000000,
  Alerts1764500000001,
  ParentLinkSource1764500000009,
];

@Module({
  imports: [
    DatabaseModule.forRoot({ entities: messagingEntities, migrations: POLICY_ENGINE_MIGRATIONS }),
    MessagingModule.forRootAsync({
      inject: [PolicyEngineConfig],
      useFactory: (c: PolicyEngineConfig) => ({
        service: 'policy-engine',
        brokers: c.KAFKA_BROKERS,
        topicPrefix: c.TOPIC_PREFIX,
      }),
    }),
  ],
  controllers: [AlertsController, FindingsController, EvaluationsController],
  providers: [
    policyTopicsProvider,
    MessagingReadiness,
    AlertsService,
    FindingsService,
    PersonEvaluator,
    EvaluationRunsService,
    PolicyEngineService,
    AlertMetrics,
  ],
})
export class AppModule {}
