import { Role } from '@civic/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { deadLettersController } from './dead-letters.controller';

/** Adds /api/v1/dead-letters to a service that imports MessagingModule, for the given roles. */
@Module({})
export class DeadLettersModule {
  static forRoot(o: { roles: Role[] }): DynamicModule {
    return { module: DeadLettersModule, controllers: [deadLettersController(o.roles)] };
  }
}
