import type { StandardArea } from '@civic/contracts';

export type { StandardArea };

// The dibao standard is set per area (城镇 / 农村) as two dated parameters; the plan has them equal
// today (urban = rural), but a household is always judged against its own area's standard so the
// verdict stays right the day the city sets them apart.

/** The dated parameter holding the dibao standard of `area` (fen per person per month). */
export function dibaoStandardKey(area: StandardArea): string {
  return `assistance.dibao.standard.${area}`;
}

/** Financial assets a dibao or low-income household may hold per member (fen). */
export const ASSET_LIMIT_KEY = 'assistance.dibao.asset_limit.per_capita_financial_assets';

/** The low-income ceiling as a multiple of the dibao standard (ratio). */
export const LOW_INCOME_MULTIPLIER_KEY = 'assistance.low_income.multiplier';
