import { EntityManager } from 'typeorm';

/**
 * What must follow a new household version in the same transaction (the amounts of the household's
 * cases are decided again: payments/case-amounts.ts). An injection token, so households/ imports
 * nothing of the folders that depend on it; app.module binds it.
 */
export abstract class HouseholdChangeHook {
  abstract householdChanged(
    m: EntityManager,
    householdId: string,
    effectiveDate: string,
    change: string,
  ): Promise<unknown>;
}
