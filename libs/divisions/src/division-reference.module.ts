import { Module } from '@nestjs/common';
import { DivisionReferenceBootstrap } from './division-reference.bootstrap';
import { DivisionReferenceListener } from './division-reference.listener';
import { KnownDivisions } from './known-divisions';

/**
 * Governance's division codes for a service that is not governance: the inbox listener filling
 * division_reference, the one-time REST load of an empty copy (when the service's config extends
 * DivisionReferenceConfig and sets GOVERNANCE_URL and GOVERNANCE_SERVICE_TOKEN) and `KnownDivisions` to
 * check codes against it. The service also adds divisionReferenceMigrations to its migrations and
 * Topics.GovernanceDivision to its topics.
 */
@Module({
  controllers: [DivisionReferenceListener],
  providers: [KnownDivisions, DivisionReferenceBootstrap],
  exports: [KnownDivisions, DivisionReferenceBootstrap],
})
export class DivisionReferenceModule {}
