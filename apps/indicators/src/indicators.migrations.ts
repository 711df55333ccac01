import { messagingMigrations } from '@civic/messaging';
import { PersonRefAlias1767300000000 } from '@civic/operations';
import { IndicatorFacts1768000000000 } from './persistence/indicator-facts.migration';

// One list for the app module, its int-specs and its benches, so none of them runs a schema the
// service does not have (the platform adds its audit-log table in DatabaseModule).

/** Migrations of the service's own database, in order. */
export const INDICATORS_MIGRATIONS = [...messagingMigrations, IndicatorFacts1768000000000, PersonRefAlias1767300000000];
