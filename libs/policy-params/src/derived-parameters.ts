/** A parameter computed as an amount parameter times a ratio (or count) parameter at the same date. */
export interface DerivedDefinition {
  key: string;
  description: string;
  unit: 'fen/month' | 'fen/case';
  amountKey: string;
  factorKey: string;
}

// Rounded half-up to the fen (multiplyFen's default); every figure the plan gives is exact anyway.
export const DERIVED_PARAMETERS: readonly DerivedDefinition[] = [
  {
    key: 'assistance.extreme_poverty.basic_standard',
    description:
      'Extreme-poverty basic living standard per month = multiplier × dibao standard (Plan 专栏1 indicator 4; urban = rural).',
    unit: 'fen/month',
    amountKey: 'assistance.dibao.standard.urban',
    factorKey: 'assistance.extreme_poverty.multiplier',
  },
  {
    key: 'assistance.low_income.ceiling',
    description:
      'Low-income household per-capita income ceiling per month = multiplier × dibao standard (Plan 一(一)1(2)).',
    unit: 'fen/month',
    amountKey: 'assistance.dibao.standard.urban',
    factorKey: 'assistance.low_income.multiplier',
  },
  {
    key: 'child.orphan_standard_goal',
    description:
      'Goal for the orphan and de-facto unsupported child standards = 1.6 × dibao standard, moving with it (Plan 二(三)).',
    unit: 'fen/month',
    amountKey: 'assistance.dibao.standard.urban',
    factorKey: 'child.standard.multiplier',
  },
  {
    key: 'assistance.extreme_poverty.care_standard.full_self_care',
    description:
      'Minimum monthly care standard for a fully self-caring extreme-poverty person = share × city minimum wage (Plan 专栏1 indicator 5).',
    unit: 'fen/month',
    amountKey: 'labour.minimum_wage.monthly',
    factorKey: 'assistance.extreme_poverty.care_share.full_self_care',
  },
  {
    key: 'assistance.extreme_poverty.care_standard.semi_self_care',
    description:
      'Minimum monthly care standard for a semi-self-caring extreme-poverty person = share × city minimum wage (Plan 专栏1 indicator 5).',
    unit: 'fen/month',
    amountKey: 'labour.minimum_wage.monthly',
    factorKey: 'assistance.extreme_poverty.care_share.semi_self_care',
  },
  {
    key: 'assistance.extreme_poverty.care_standard.no_self_care',
    description:
      'Minimum monthly care standard for an extreme-poverty person needing full care = share × city minimum wage (Plan 专栏1 indicator 5).',
    unit: 'fen/month',
    amountKey: 'labour.minimum_wage.monthly',
    factorKey: 'assistance.extreme_poverty.care_share.no_self_care',
  },
  {
    key: 'assistance.temporary.min_amount',
    description:
      'Minimum temporary assistance per case for dibao and low-income households = months × dibao standard (Plan 一(一)1(3)).',
    unit: 'fen/case',
    amountKey: 'assistance.dibao.standard.urban',
    factorKey: 'assistance.temporary.min_months_of_standard',
  },
];
