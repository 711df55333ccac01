import { loadParameters } from '@civic/policy-params';
import { MEMBER_DEFAULTS } from '@civic/testing';
import type { Household, HouseholdMember, Income } from '../households/household.model';
import { meansTest } from './means-test';

const params = loadParameters();

let refs = 0;
function member(overrides: Partial<HouseholdMember> = {}): HouseholdMember {
  refs += 1;
  return { personRef: `p-${refs}`, birthDate: '1985-05-05', sex: 'female', ...MEMBER_DEFAULTS, ...overrides };
}

const monthly = (m: HouseholdMember, amountFen: number): Income => ({
  personRef: m.personRef,
  source: 'wages',
  period: 'monthly',
  amountFen,
});

function household(members: HouseholdMember[], incomes: Income[] = [], extra: Partial<Household> = {}): Household {
  return {
    householdId: 'hh-1',
    standardArea: 'urban',
    members,
    incomes,
    assets: { financialAssetsFen: 0, vehicles: 0, extraHousingUnits: 0, dangerousHouse: false },
    rigidExpenditure: { medical: 0, education: 0, rehabilitation: 0, disaster: 0, accident: 0 },
    ...extra,
  };
}

/** A household of `size` working-age adults whose one earner has `incomeFen` a month. */
function adults(size: number, incomeFen: number, extra: Partial<Household> = {}): Household {
  const members = Array.from({ length: size }, () => member());
  return household(members, incomeFen > 0 ? [monthly(members[0], incomeFen)] : [], extra);
}

describe('meansTest: dibao (最低生活保障)', () => {
  it('pays a 3-person household with 2000 yuan a month the gap to the 1250 standard: 1750 yuan', () => {
    expect(params.valueAt('assistance.dibao.standard.urban', '2025-06-01').value).toBe(125000);
    const result = meansTest(adults(3, 200000), '2025-06-01', params);
    expect(result.income).toEqual({
      annualFen: 2400000,
      householdMonthlyFen: 200000,
      perCapitaMonthlyFen: 66667,
      rounding: 'half-up',
    });
    expect(result.programmes.dibao).toMatchObject({ eligible: true, amount: { fen: 175000, per: 'month' } });
  });

  it.each([
    { date: '2024-12-31', standard: 121700, gap: 121700 * 3 - 200000 },
    { date: '2025-01-01', standard: 125000, gap: 175000 },
  ])('uses the standard in force on $date ($standard fen): gap $gap fen', ({ date, standard, gap }) => {
    const dibao = meansTest(adults(3, 200000), date, params).programmes.dibao;
    expect(dibao.amount?.fen).toBe(gap);
    expect(dibao.reasons[0]).toMatchObject({
      rule: 'dibao.income-below-standard',
      parameterKey: 'assistance.dibao.standard.urban',
      value: standard,
    });
  });

  it('names the parameter, value, effective date and source behind the decision', () => {
    const [reason] = meansTest(adults(3, 200000), '2025-06-01', params).programmes.dibao.reasons;
    expect(reason).toMatchObject({
      parameterKey: 'assistance.dibao.standard.urban',
      value: 125000,
      effectiveFrom: '2025-01-01',
    });
    expect(reason.source).toContain('1250');
  });

  it('converts annual income to monthly exactly and rounds only the final amount (half-up)', () => {
    const members = [member(), member(), member()];
    const h = household(members, [
      { personRef: members[0].personRef, source: 'business', period: 'annual', amountFen: 1000000 },
    ]);
    const result = meansTest(h, '2025-06-01', params);
    // household monthly 83333.33…, per capita 27777.77…; gap = 3 × 125000 − 83333.33… = 291666.66… → 291667
    // (rounding the per-capita income first would give (125000 − 27778) × 3 = 291666).
    expect(result.income).toMatchObject({ annualFen: 1000000, householdMonthlyFen: 83333, perCapitaMonthlyFen: 27778 });
    expect(result.programmes.dibao.amount?.fen).toBe(291667);
  });

  it.each([
    { perCapitaFen: 109999, dibao: true, lowIncome: false },
    { perCapitaFen: 110000, dibao: false, lowIncome: false },
    { perCapitaFen: 110001, dibao: false, lowIncome: true },
    { perCapitaFen: 110100, dibao: false, lowIncome: true },
    { perCapitaFen: 165000, dibao: false, lowIncome: true },
    { perCapitaFen: 165001, dibao: false, lowIncome: false },
  ])(
    '2020 (standard 1100, low-income band 1101-1650): per-capita $perCapitaFen fen → dibao $dibao, low-income $lowIncome',
    ({ perCapitaFen, dibao, lowIncome }) => {
      const result = meansTest(adults(2, perCapitaFen * 2), '2020-06-01', params);
      expect(result.programmes.dibao.eligible).toBe(dibao);
      expect(result.programmes['low-income'].eligible).toBe(lowIncome);
      expect(result.programmes['low-income'].amount).toBeNull();
    },
  );

  it('adds one classification supplement per elderly, disabled, minor or seriously ill member', () => {
    const h = household([
      member(),
      member({ birthDate: '1950-01-01' }),
      member({ birthDate: '2015-01-01' }),
      member({ seriousIllness: true }),
      member({ disabilityLevel: 3 }),
    ]);
    const dibao = meansTest(h, '2025-06-01', params).programmes.dibao;
    // 10% of 1250 yuan = 125 yuan each (placeholder rate) for 4 of the 5 members.
    expect(params.valueAt('assistance.dibao.supplement.elderly', '2025-06-01').value).toBe('0.1');
    expect(dibao.members?.map((m) => m.amount?.fen ?? 0)).toEqual([0, 12500, 12500, 12500, 12500]);
    expect(dibao.amount?.fen).toBe(125000 * 5 + 4 * 12500);
  });

  it('pays the highest supplement once to a member in several classes', () => {
    const scheduled = params.withOverrides([
      {
        key: 'assistance.dibao.supplement.disabled',
        value: '0.3',
        effectiveFrom: '2025-01-01',
        source: 'test',
        scheduledBy: 'test',
      },
    ]);
    const h = household([member({ birthDate: '1950-01-01', disabilityLevel: 2, seriousIllness: true })]);
    const dibao = meansTest(h, '2025-06-01', scheduled).programmes.dibao;
    expect(dibao.members?.[0].amount?.fen).toBe(37500);
    expect(dibao.members?.[0].reasons[0]).toMatchObject({
      parameterKey: 'assistance.dibao.supplement.disabled',
      value: '0.3',
    });
  });

  it('uses the rural standard for a rural household', () => {
    const scheduled = params.withOverrides([
      {
        key: 'assistance.dibao.standard.rural',
        value: 120000,
        effectiveFrom: '2025-01-01',
        source: 'test',
        scheduledBy: 'test',
      },
    ]);
    const dibao = meansTest(adults(3, 200000, { standardArea: 'rural' }), '2025-06-01', scheduled).programmes.dibao;
    expect(dibao.amount?.fen).toBe(120000 * 3 - 200000);
    expect(dibao.reasons[0].parameterKey).toBe('assistance.dibao.standard.rural');
  });

  it.each([
    { financialAssetsFen: 2640000 * 2, passed: true },
    { financialAssetsFen: 2640000 * 2 + 1, passed: false },
  ])(
    'checks financial assets per capita against the limit ($financialAssetsFen fen for 2 members → $passed)',
    ({ financialAssetsFen, passed }) => {
      const h = adults(2, 0, {
        assets: { financialAssetsFen, vehicles: 0, extraHousingUnits: 0, dangerousHouse: false },
      });
      const result = meansTest(h, '2025-06-01', params);
      expect(result.assets.passed).toBe(passed);
      expect(result.programmes.dibao.eligible).toBe(passed);
      expect(result.assets.reasons[0]).toMatchObject({
        parameterKey: 'assistance.dibao.asset_limit.per_capita_financial_assets',
        value: 2640000,
      });
    },
  );

  it('reports vehicles and extra housing as not assessed while no dated limit exists', () => {
    const h = adults(2, 0, {
      assets: { financialAssetsFen: 0, vehicles: 1, extraHousingUnits: 1, dangerousHouse: false },
    });
    const rules = meansTest(h, '2025-06-01', params).assets.reasons.map((r) => r.rule);
    expect(rules).toEqual([
      'assets.financial-per-capita.within',
      'assets.vehicles.not-assessed',
      'assets.extra-housing.not-assessed',
    ]);
  });

  it('rejects a household without members', () => {
    expect(() => meansTest(household([]), '2025-06-01', params)).toThrow(RangeError);
  });

  it('reports a programme as not assessable on a date before its first parameter value', () => {
    const result = meansTest(adults(2, 0), '2019-06-01', params);
    expect(result.programmes.dibao.eligible).toBe(true);
    expect(result.programmes['low-income']).toMatchObject({
      eligible: false,
      assessable: false,
      reasons: [{ rule: 'not-assessable', parameterKey: 'assistance.low_income.multiplier' }],
    });
  });
});

describe('meansTest: extreme poverty (特困人员救助供养)', () => {
  const threeNo = { labourCapacity: 'none', hasLegalSupporterAbleToSupport: false } as const;

  it('pays the 2020 basic standard of 1760 yuan (1.6 × 1100) plus the care standard', () => {
    expect(params.derivedAt('assistance.extreme_poverty.basic_standard', '2020-06-01').value).toBe(176000);
    const elder = member({ ...threeNo, birthDate: '1945-01-01' });
    const result = meansTest(household([elder]), '2020-06-01', params).programmes['extreme-poverty'];
    // care: 5% of the 2020 minimum wage 1720 yuan = 86 yuan
    expect(result.members?.[0]).toMatchObject({ eligible: true, amount: { fen: 176000 + 8600, per: 'month' } });
  });

  it.each([
    { selfCare: 'full' as const, careFen: 8600 },
    { selfCare: 'semi' as const, careFen: 103200 },
    { selfCare: 'none' as const, careFen: 172000 },
  ])('adds the care standard for self-care $selfCare: $careFen fen (share of 1720 yuan)', ({ selfCare, careFen }) => {
    const elder = member({ ...threeNo, birthDate: '1945-01-01', selfCareAbility: selfCare });
    expect(meansTest(household([elder]), '2020-06-01', params).programmes['extreme-poverty'].amount?.fen).toBe(
      176000 + careFen,
    );
  });

  it.each([
    {
      name: 'a minor aged 17 the day before the age limit rises to 18',
      birthDate: '2004-03-01',
      date: '2021-06-30',
      eligible: false,
    },
    {
      name: 'a minor aged 17 on the day the age limit rises to 18',
      birthDate: '2004-03-01',
      date: '2021-07-01',
      eligible: true,
    },
    { name: 'a minor aged 15 before the change', birthDate: '2006-01-01', date: '2021-06-30', eligible: true },
    { name: 'a minor aged 16 before the change', birthDate: '2005-01-01', date: '2021-06-30', eligible: false },
    { name: 'an 18-year-old after the change', birthDate: '2003-01-01', date: '2021-07-01', eligible: false },
    { name: 'an adult of 40 without disability', birthDate: '1981-01-01', date: '2021-07-01', eligible: false },
    { name: 'an elder on the 60th birthday', birthDate: '1961-07-01', date: '2021-07-01', eligible: true },
    { name: 'an adult the day before the 60th birthday', birthDate: '1961-07-02', date: '2021-07-01', eligible: false },
  ])('$name: eligible $eligible', ({ birthDate, date, eligible }) => {
    const person = member({ ...threeNo, birthDate });
    expect(meansTest(household([person]), date, params).programmes['extreme-poverty'].eligible).toBe(eligible);
  });

  it('counts a disabled adult of working age', () => {
    const person = member({ ...threeNo, disabilityLevel: 3 });
    expect(meansTest(household([person]), '2025-06-01', params).programmes['extreme-poverty'].eligible).toBe(true);
  });

  it.each([
    {
      name: 'labour capacity partial',
      change: { labourCapacity: 'partial' as const },
      income: 0,
      failed: 'extreme-poverty.no-labour-capacity.not-met',
    },
    {
      name: 'a legal supporter able to support',
      change: { hasLegalSupporterAbleToSupport: true },
      income: 0,
      failed: 'extreme-poverty.no-able-legal-supporter.not-met',
    },
    { name: 'an own income of 1 fen a month', change: {}, income: 1, failed: 'extreme-poverty.no-income.not-met' },
  ])('refuses an elder with $name (one of the three "no"s fails)', ({ change, income, failed }) => {
    const elder = member({ ...threeNo, birthDate: '1945-01-01', ...change });
    const result = meansTest(household([elder], income > 0 ? [monthly(elder, income)] : []), '2025-06-01', params)
      .programmes['extreme-poverty'];
    expect(result.eligible).toBe(false);
    expect(result.members?.[0].reasons.map((r) => r.rule)).toEqual([failed]);
  });
});

describe('meansTest: temporary assistance (临时救助)', () => {
  it('raises a dibao household to at least 2 months of the standard (2 × 1250 yuan)', () => {
    const result = meansTest(adults(3, 200000), '2025-06-01', params, {
      temporary: { type: 'emergency', requestedFen: 100000 },
    }).programmes.temporary;
    expect(result).toMatchObject({
      eligible: true,
      amount: { fen: 250000, per: 'case' },
      assistanceType: 'emergency',
      kind: 'ordinary',
    });
  });

  it.each([
    { requestedFen: 100000, kind: 'small' },
    { requestedFen: 100001, kind: 'ordinary' },
    { requestedFen: 499999, kind: 'ordinary' },
    { requestedFen: 500000, kind: 'special' },
  ])(
    'classifies an emergency case of $requestedFen fen as $kind (limits 1000 / 5000 yuan)',
    ({ requestedFen, kind }) => {
      const result = meansTest(adults(1, 500000), '2025-06-01', params, {
        temporary: { type: 'emergency', requestedFen },
      }).programmes.temporary;
      expect(result).toMatchObject({ eligible: true, amount: { fen: requestedFen }, kind });
    },
  );

  it('refuses expenditure-type assistance to a household in no hardship', () => {
    const result = meansTest(adults(1, 500000), '2025-06-01', params, {
      temporary: { type: 'expenditure', requestedFen: 100000 },
    }).programmes.temporary;
    expect(result).toMatchObject({
      eligible: false,
      amount: null,
      reasons: [{ rule: 'temporary.expenditure-needs-hardship-household' }],
    });
  });

  it('grants expenditure-type assistance to an expenditure-hardship household without the dibao minimum', () => {
    const h = adults(1, 500000, {
      rigidExpenditure: { medical: 3000000, education: 0, rehabilitation: 0, disaster: 0, accident: 0 },
    });
    const result = meansTest(h, '2025-06-01', params, { temporary: { type: 'expenditure', requestedFen: 80000 } })
      .programmes.temporary;
    expect(result).toMatchObject({ eligible: true, amount: { fen: 80000 }, kind: 'small' });
  });

  it('reports no temporary assistance without a request', () => {
    expect(meansTest(adults(3, 200000), '2025-06-01', params).programmes.temporary).toMatchObject({
      eligible: false,
      amount: null,
      kind: null,
    });
  });
});

describe('meansTest: expenditure-type hardship (支出型困难家庭)', () => {
  // 4000 yuan a month → 48000 yuan a year; threshold share 0.5 (placeholder) → 24000 yuan.
  it.each([
    { medical: 2400000, accident: 0, eligible: true },
    { medical: 2399999, accident: 0, eligible: false },
    { medical: 2000000, accident: 400000, eligible: true },
  ])(
    'rigid spending medical $medical + accident $accident fen against 24000 yuan → $eligible',
    ({ medical, accident, eligible }) => {
      expect(params.valueAt('assistance.expenditure_hardship.threshold_share', '2025-06-01').value).toBe('0.5');
      const h = adults(3, 400000, {
        rigidExpenditure: { medical, education: 0, rehabilitation: 0, disaster: 0, accident },
      });
      expect(meansTest(h, '2025-06-01', params).programmes['expenditure-hardship'].eligible).toBe(eligible);
    },
  );

  it.each([
    { spending: 0, eligible: false },
    { spending: 1, eligible: true },
  ])('with no income, spending $spending fen → $eligible', ({ spending, eligible }) => {
    const h = adults(1, 0, {
      rigidExpenditure: { medical: 0, education: 0, rehabilitation: spending, disaster: 0, accident: 0 },
    });
    expect(meansTest(h, '2025-06-01', params).programmes['expenditure-hardship'].eligible).toBe(eligible);
  });
});

describe('meansTest: disability two subsidies (残疾人两项补贴)', () => {
  it.each([
    { level: 1 as const, dibao: true, living: 17500, nursing: 23500 },
    { level: 2 as const, dibao: false, living: null, nursing: 23500 },
    { level: 3 as const, dibao: true, living: 17500, nursing: null },
    { level: 3 as const, dibao: false, living: null, nursing: null },
  ])(
    '2020, level $level, dibao household $dibao → living $living, nursing $nursing',
    ({ level, dibao, living, nursing }) => {
      const disabled = member({ disabilityLevel: level });
      const h = household([disabled, member()], dibao ? [] : [monthly(disabled, 500000)]);
      const result = meansTest(h, '2020-06-01', params).programmes;
      expect(result['disability-living-subsidy'].members?.[0].amount?.fen ?? null).toBe(living);
      expect(result['disability-nursing-subsidy'].members?.[0].amount?.fen ?? null).toBe(nursing);
      expect(result['disability-nursing-subsidy'].members?.[1].eligible).toBe(false);
    },
  );
});

describe('meansTest: referrals', () => {
  it('refers students of a dibao household for education aid at the per-level yearly amount', () => {
    const h = household([
      member(),
      member({ schooling: 'university' }),
      member({ schooling: 'high' }),
      member({ schooling: 'middle' }),
      member({ schooling: 'primary' }),
    ]);
    const aid = meansTest(h, '2020-06-01', params).referrals['education-aid'];
    expect(aid.members?.map((m) => m.amount?.fen ?? null)).toEqual([null, 800000, 300000, 100000, null]);
    expect(aid.amount).toEqual({ fen: 1200000, per: 'year' });
  });

  it('refers no one from a household in no hardship', () => {
    const students = [member({ schooling: 'university', seriousIllness: true })];
    const h = household(students, [monthly(students[0], 900000)], {
      assets: { financialAssetsFen: 0, vehicles: 0, extraHousingUnits: 0, dangerousHouse: true },
    });
    const referrals = meansTest(h, '2020-06-01', params).referrals;
    expect([
      referrals['education-aid'].eligible,
      referrals['medical-aid'].eligible,
      referrals['housing-aid'].eligible,
    ]).toEqual([false, false, false]);
  });

  it('refers a hardship household in a dangerous house for housing aid and its seriously ill member for medical aid', () => {
    const h = adults(2, 0, {
      assets: { financialAssetsFen: 0, vehicles: 0, extraHousingUnits: 0, dangerousHouse: true },
    });
    h.members[1].seriousIllness = true;
    const referrals = meansTest(h, '2025-06-01', params).referrals;
    expect(referrals['housing-aid'].eligible).toBe(true);
    expect(referrals['medical-aid'].members?.map((m) => m.eligible)).toEqual([false, true]);
  });
});
