import { messagingMigrations } from '@civic/messaging';
import { PersonRefAlias1767300000000, PersonRefConflict1767400000000 } from '@civic/operations';
import { GovernanceCommunities1765200000001 } from './persistence/communities.migration';
import { GovernanceDivisionVersion1765200000002 } from './persistence/division-version.migration';
import { GovernanceSchema1765200000000 } from './persistence/governance-schema.migration';
import { GovernancePersonRefIndexes1767400000004 } from './persistence/person-ref-indexes.migration';

// One list for the app module, its int-specs and its benches, so none of them runs a schema the
// service does not have (the platform adds its audit-log table in DatabaseModule).

/** Migrations of the service's own database, in order. */
export const GOVERNANCE_MIGRATIONS = [
  ...messagingMigrations,
  GovernanceSchema1765200000000,
  GovernanceCommunities1765200000001,
  GovernanceDivisionVersion1765200000002,
  PersonRefAlias1767300000000,
  PersonRefConflict1767400000000,
  GovernancePersonRefIndexes1767400000004,
];
