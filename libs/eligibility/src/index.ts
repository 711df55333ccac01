export { assetsWithinLimit } from './asset-limit';
export {
  annualForHousehold,
  divideHalfUp,
  householdMonthlyIncomeFen,
  incomeFromPerCapitaMonthly,
  MONTHS_PER_YEAR,
  perCapitaMonthlyIncomeFen,
  requireHouseholdIncome,
} from './household-income';
export type { HouseholdIncome } from './household-income';
export { dibaoGapMonthlyFen, incomeBelowStandard, lowIncomeCeilingFen, withinLowIncomeBand } from './income-tests';
export { ASSET_LIMIT_KEY, dibaoStandardKey, LOW_INCOME_MULTIPLIER_KEY } from './parameter-keys';
export type { StandardArea } from './parameter-keys';
