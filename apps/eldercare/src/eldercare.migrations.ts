import { divisionReferenceMigrations } from '@civic/divisions';
import { messagingMigrations } from '@civic/messaging';
import { PersonRefAlias1767300000000, PersonRefConflict1767400000000 } from '@civic/operations';
import { AllowanceDecisions1767200000001 } from './allowances/allowance-decisions.migration';
import { FamilyCareBeds1767200000002 } from './family-beds/family-beds.migration';
import { HomeAdaptations1767200000003 } from './home-adaptations/home-adaptations.migration';
import { HomeCare1765200000003 } from './home-care/home-care.migration';
import { Institutions1765200000002 } from './institutions/institutions.migration';
import { AllowancePayments1765200000001 } from './payments/allowance-payments.migration';
import { EldercareDeathRecords1767200000000 } from './persistence/death-records.migration';
import { EldercareSchema1765200000000 } from './persistence/eldercare-schema.migration';
import { WorkItemPerson1767300000001 } from './persistence/work-item-person.migration';

// One list for the app module, its int-specs and its benches, so none of them runs a schema the
// service does not have (the platform adds its audit-log table in DatabaseModule).

/** Migrations of the service's own database, in order. */
export const ELDERCARE_MIGRATIONS = [
  ...messagingMigrations,
  EldercareSchema1765200000000,
  AllowancePayments1765200000001,
  Institutions1765200000002,
  HomeCare1765200000003,
  ...divisionReferenceMigrations,
  EldercareDeathRecords1767200000000,
  AllowanceDecisions1767200000001,
  FamilyCareBeds1767200000002,
  HomeAdaptations1767200000003,
  PersonRefAlias1767300000000,
  WorkItemPerson1767300000001,
  PersonRefConflict1767400000000,
];
