import { DivisionReferenceVersion1767000000001 } from './division-reference-version.migration';
import { DivisionReference1767000000000 } from './division-reference.migration';

export * from './division-reference.migration';
export * from './division-reference-version.migration';
export * from './division-reference.listener';
export * from './division-reference.bootstrap';
export * from './division-reference.config';
export * from './known-divisions';
export * from './division-reference.module';

/** The migrations of division_reference, in order, for a service's DatabaseModule. */
export const divisionReferenceMigrations = [DivisionReference1767000000000, DivisionReferenceVersion1767000000001];
