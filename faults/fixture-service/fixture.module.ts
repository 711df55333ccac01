import { MessagingModule, messagingEntities, messagingMigrations } from '@civic/messaging';
import { DatabaseModule } from '@civic/platform';
import { Module } from '@nestjs/common';
import { CounterEffectsListener } from './counter-effects.listener';
import { CountersController } from './counters.controller';
import { CrashSwitch } from './crash-switch';
import { FaultFixtureSchema1765900000000 } from './fixture-schema.migration';
import { FixtureConfig } from './fixture.config';

/** Wired exactly like a department service: DatabaseModule with the messaging tables, MessagingModule with the relay. */
@Module({
  imports: [
    DatabaseModule.forRoot({
      entities: [...messagingEntities],
      migrations: [...messagingMigrations, FaultFixtureSchema1765900000000],
    }),
    MessagingModule.forRootAsync({
      inject: [FixtureConfig],
      useFactory: (config: FixtureConfig) => ({
        service: 'fault-fixture',
        brokers: config.KAFKA_BROKERS,
        topicPrefix: config.TOPIC_PREFIX,
        relay: {
          enabled: config.FIXTURE_RELAY === 'on',
          pollIntervalMs: config.RELAY_POLL_INTERVAL_MS,
          batchSize: config.RELAY_BATCH_SIZE,
        },
      }),
    }),
  ],
  controllers: [CountersController, CounterEffectsListener],
  providers: [CrashSwitch],
})
export class FixtureModule {}
