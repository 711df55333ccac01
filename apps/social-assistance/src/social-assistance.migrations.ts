import { divisionReferenceMigrations } from '@civic/divisions';
import { messagingMigrations } from '@civic/messaging';
import { PersonRefAlias1767300000000, PersonRefConflict1767400000000 } from '@civic/operations';
import { AssistanceSchema1765100000000 } from './persistence/assistance-schema.migration';
import { CaseAmountDecisions1765100000003 } from './persistence/case-amount-decisions.migration';
import { ArrearsPayments1765100000002, CaseApplication1765100000001 } from './persistence/case-application.migration';
import { HouseholdMemberPerson1767400000001 } from './persistence/household-member-person.migration';
import { PaymentReferenceChecks1767500000000 } from './persistence/payment-reference-checks.migration';

// One list for the app module, its int-specs and its benches, so none of them runs a schema the
// service does not have (the platform adds its audit-log table in DatabaseModule).

/** Migrations of the service's own database, in order. */
export const SOCIAL_ASSISTANCE_MIGRATIONS = [
  ...messagingMigrations,
  AssistanceSchema1765100000000,
  CaseApplication1765100000001,
  ArrearsPayments1765100000002,
  CaseAmountDecisions1765100000003,
  ...divisionReferenceMigrations,
  PersonRefAlias1767300000000,
  PersonRefConflict1767400000000,
  HouseholdMemberPerson1767400000001,
  PaymentReferenceChecks1767500000000,
];
