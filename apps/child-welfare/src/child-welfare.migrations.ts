import { divisionReferenceMigrations } from '@civic/divisions';
import { messagingMigrations } from '@civic/messaging';
import { PersonRefAlias1767300000000, PersonRefConflict1767400000000 } from '@civic/operations';
import { ChildWelfareGuardianshipReview1766000000005 } from './children/guardianship-review.migration';
import { ChildWelfareChildDeath1766000000004 } from './deaths/child-death.migration';
import { ChildWelfareAllowancePayments1766000000003 } from './payments/allowance-payments.migration';
import { ChildWelfareSchema1766000000000 } from './persistence/child-welfare-schema.migration';
import { ChildWelfarePersonRefCascade1767400000002 } from './persistence/person-ref-cascade.migration';
import { ChildWelfareScheduledParameters1766000000002 } from './persistence/scheduled-parameters.migration';
import { ChildWelfareWorkforceAdoption1766000000001 } from './persistence/workforce-adoption.migration';

// One list for the app module, its int-specs and its benches, so none of them runs a schema the
// service does not have (the platform adds its audit-log table in DatabaseModule).

/** Migrations of the service's own database, in order. */
export const CHILD_WELFARE_MIGRATIONS = [
  ...messagingMigrations,
  ChildWelfareSchema1766000000000,
  ChildWelfareWorkforceAdoption1766000000001,
  ChildWelfareScheduledParameters1766000000002,
  ChildWelfareAllowancePayments1766000000003,
  ...divisionReferenceMigrations,
  ChildWelfareChildDeath1766000000004,
  ChildWelfareGuardianshipReview1766000000005,
  PersonRefAlias1767300000000,
  PersonRefConflict1767400000000,
  ChildWelfarePersonRefCascade1767400000002,
];
