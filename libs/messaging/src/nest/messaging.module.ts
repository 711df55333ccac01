import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { Outbox } from '../outbox/outbox';
import { DeadLetterAdmin } from './dead-letter-admin';
import { OutboxRelayService } from './outbox-relay.service';

/** How the app supplies MessagingOptions (usually from its validated config). */
export interface MessagingModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: unknown[];
  useFactory: (...args: never[]) => MessagingOptions | Promise<MessagingOptions>;
}

/**
 * Provides `Outbox` everywhere and runs the outbox relay from bootstrap to shutdown. Needs the
 * app's TypeORM DataSource (TypeOrmModule.forRoot with `messagingEntities` and `messagingMigrations`).
 * Consumers are a separate microservice transport: see `inboxTransport`.
 */
@Module({})
export class MessagingModule {
  static forRootAsync(options: MessagingModuleAsyncOptions): DynamicModule {
    return {
      module: MessagingModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        {
          provide: MESSAGING_OPTIONS,
          useFactory: options.useFactory as (...args: unknown[]) => MessagingOptions,
          inject: (options.inject ?? []) as never[],
        },
        Outbox,
        OutboxRelayService,
        DeadLetterAdmin,
      ],
      exports: [MESSAGING_OPTIONS, Outbox, OutboxRelayService, DeadLetterAdmin],
    };
  }
}
