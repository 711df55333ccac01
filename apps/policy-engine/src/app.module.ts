import { messagingEntities, MessagingModule, OutboxRelayService, kafkaSettingsOf } from '@civic/messaging';
import { DatabaseModule, readinessCheck } from '@civic/platform';
import { Module } from '@nestjs/common';
import { AlertMetrics } from './alerts/alert-metrics';
import { AlertsController } from './alerts/alerts.controller';
import { AlertsService } from './alerts/alerts.service';
import { PolicyEventsListener } from './consumer/policy-events.listener';
import { EvaluationRunsService } from './evaluation/evaluation-runs.service';
import { EvaluationsController } from './evaluation/evaluations.controller';
import { PersonEvaluationController } from './evaluation/person-evaluation.controller';
import { PersonEvaluator } from './evaluation/person-evaluator.service';
import { PersonEvaluationService } from './evaluation/person-evaluation.service';
import { FindingsController } from './findings/findings.controller';
import { FindingsService } from './findings/findings.service';
import { PolicyEngineConfig } from './policy-engine.config';
import { POLICY_ENGINE_MIGRATIONS } from './policy-engine.migrations';
import { policyTopicsProvider } from './consumer/policy-topics.provider';
import { DeadLettersModule } from '@civic/operations';

@Module({
  imports: [
    DeadLettersModule.forRoot({ roles: ['policy:admin'] }),
    DatabaseModule.forRoot({ entities: messagingEntities, migrations: POLICY_ENGINE_MIGRATIONS }),
    MessagingModule.forRootAsync({
      inject: [PolicyEngineConfig],
      useFactory: (c: PolicyEngineConfig) => ({
        service: 'policy-engine',
        // brokers, prefix, TLS/SASL and the topics' settings and mode (KAFKA_* in libs/platform)
        ...kafkaSettingsOf(c),
      }),
    }),
  ],
  controllers: [AlertsController, FindingsController, EvaluationsController, PersonEvaluationController],
  providers: [
    policyTopicsProvider,
    readinessCheck('messaging', OutboxRelayService),
    AlertsService,
    FindingsService,
    PersonEvaluator,
    PersonEvaluationService,
    EvaluationRunsService,
    PolicyEventsListener,
    AlertMetrics,
  ],
})
export class AppModule {}
