import { Module } from '@nestjs/common';
import { DivisionReferenceListener } from './division-reference.listener';
import { KnownDivisions } from './known-divisions';

/**
 * Governance's division codes for a service that is not governance: the inbox listener filling
 * division_reference and `KnownDivisions` to check codes against it. The service also adds
 * DivisionReference1767000000000 to its migrations and Topics.GovernanceDivision to its topics.
 */
@Module({
  controllers: [DivisionReferenceListener],
  providers: [KnownDivisions],
  exports: [KnownDivisions],
})
export class DivisionReferenceModule {}
