/** Social-assistance programmes (docs/domain.md §1): basic living, special referrals, temporary, disability two subsidies. */
export const PROGRAMMES = [
  'dibao',
  'low-income',
  'extreme-poverty',
  'temporary',
  'expenditure-hardship',
  'disability-living-subsidy',
  'disability-nursing-subsidy',
  'medical',
  'education',
  'housing',
  'employment',
  'legal-aid',
] as const;
export type Programme = (typeof PROGRAMMES)[number];
