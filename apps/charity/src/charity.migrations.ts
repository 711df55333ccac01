import { divisionReferenceMigrations } from '@civic/divisions';
import { messagingMigrations } from '@civic/messaging';
import { PersonRefAlias1767300000000, PersonRefConflict1767400000000 } from '@civic/operations';
import { CharitySchema1766000000000 } from './persistence/charity-schema.migration';
import { Deaths1767100000001 } from './persistence/deaths.migration';
import { GoodsStock1767100000000 } from './persistence/goods-stock.migration';
import { CharityPersonRefIndexes1767400000003 } from './persistence/person-ref-indexes.migration';
import { PublicLedgerRate1767100000002 } from './persistence/public-ledger-rate.migration';
import { Registries1766000000002 } from './persistence/registries.migration';
import { Wishes1766000000001 } from './persistence/wishes.migration';

// One list for the app module, its int-specs and its benches, so none of them runs a schema the
// service does not have (the platform adds its audit-log table in DatabaseModule).

/** Migrations of the service's own database, in order. */
export const CHARITY_MIGRATIONS = [
  ...messagingMigrations,
  CharitySchema1766000000000,
  Wishes1766000000001,
  Registries1766000000002,
  ...divisionReferenceMigrations,
  GoodsStock1767100000000,
  Deaths1767100000001,
  PublicLedgerRate1767100000002,
  PersonRefAlias1767300000000,
  PersonRefConflict1767400000000,
  CharityPersonRefIndexes1767400000003,
];
