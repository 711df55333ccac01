import { Outbox } from '@civic/messaging';
import { AuditLog, ResidentIds, Role } from '@civic/platform';
import { Provider, Type } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { personRefRekeyController } from './person-ref-rekey.controller';
import { PersonRefRekeying, PersonRefRekeyingOptions } from './person-ref-rekeying';

/**
 * The controller (/api/v1/person-refs) and provider of re-keying (docs/adr/0018-person-ref-rekeying.md),
 * for the app's own module: they need the app's ResidentIds, which is not global. The app also adds
 * PersonRefAlias1767300000000 to its migrations.
 */
export function personRefRekeying(o: PersonRefRekeyingOptions & { roles: Role[] }): {
  controllers: Type<unknown>[];
  providers: Provider[];
  /** The tables and event, for the service's int-spec (rotationBench). */
  options: PersonRefRekeyingOptions;
} {
  return {
    options: o,
    controllers: [personRefRekeyController(o.roles)],
    providers: [
      {
        provide: PersonRefRekeying,
        inject: [DataSource, ResidentIds, Outbox, AuditLog],
        useFactory: (ds: DataSource, ids: ResidentIds, outbox: Outbox, audit: AuditLog) =>
          new PersonRefRekeying(o, ds, ids, outbox, audit),
      },
    ],
  };
}
