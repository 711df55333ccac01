import { messagingMigrations } from '@civic/messaging';
import { PersonRefAlias1767300000000, PersonRefConflict1767400000000 } from '@civic/operations';
import { HubSchema1764500000000 } from './persistence/hub-schema.migration';
import { HubPersonRefIndexes1767400000005 } from './persistence/person-ref-indexes.migration';

// One list for the app module, its int-specs and its benches, so none of them runs a schema the
// service does not have (the platform adds its audit-log table in DatabaseModule).

/** Migrations of the service's own database, in order. */
export const HUB_GATEWAY_MIGRATIONS = [
  ...messagingMigrations,
  HubSchema1764500000000,
  PersonRefAlias1767300000000,
  PersonRefConflict1767400000000,
  HubPersonRefIndexes1767400000005,
];
