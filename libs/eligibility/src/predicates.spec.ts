import { assetsWithinLimit } from './asset-limit';
import {
  householdMonthlyIncomeFen,
  incomeFromPerCapitaMonthly,
  perCapitaMonthlyIncomeFen,
  requireHouseholdIncome,
} from './household-income';
import { dibaoGapMonthlyFen, incomeBelowStandard, lowIncomeCeilingFen, withinLowIncomeBand } from './income-tests';
import { dibaoStandardKey } from './parameter-keys';

const two = (annualIncomeFen: number) => ({ annualIncomeFen, memberCount: 2 });

describe('dibao income test', () => {
  // 2 members, standard 121700 fen: the household threshold is 121700 × 12 × 2 = 2920800 fen a year
  it('compares the exact annual income, not the rounded per-capita figure', () => {
    expect(perCapitaMonthlyIncomeFen(two(2920788))).toBe(121700); // 121699.5 rounds up to the standard
    expect(incomeBelowStandard(two(2920788), 121700)).toBe(true);
    expect(incomeBelowStandard(two(2920799), 121700)).toBe(true);
    expect(incomeBelowStandard(two(2920800), 121700)).toBe(false);
  });

  it('computes the monthly gap once, half-up, and none at or above the standard', () => {
    expect(dibaoGapMonthlyFen(two(2920788), 121700)).toBe(1); // 12 fen a year = 1 fen a month
    expect(dibaoGapMonthlyFen(two(2920794), 121700)).toBe(1); // 6/12 rounds half-up
    expect(dibaoGapMonthlyFen(two(2920795), 121700)).toBe(0);
    expect(dibaoGapMonthlyFen(two(0), 121700)).toBe(243400);
    expect(dibaoGapMonthlyFen(two(2920800), 121700)).toBe(0);
  });
});

describe('low-income band', () => {
  // 3 members, 2020 standard 110000, multiplier 1.5: annual band (3960000, 5940000]
  const three = (annualIncomeFen: number) => ({ annualIncomeFen, memberCount: 3 });
  it('is above the standard and at most multiplier × standard, exactly', () => {
    expect(withinLowIncomeBand(three(3960000), 110000, '1.5')).toBe(false);
    expect(withinLowIncomeBand(three(3960001), 110000, '1.5')).toBe(true);
    expect(withinLowIncomeBand(three(5940000), 110000, '1.5')).toBe(true);
    expect(withinLowIncomeBand(three(5940001), 110000, '1.5')).toBe(false);
  });

  it('rounds an odd ceiling down: income ≤ 1.5 × 110001 × 12 × 1 = 1980018', () => {
    const one = (annualIncomeFen: number) => ({ annualIncomeFen, memberCount: 1 });
    expect(withinLowIncomeBand(one(1980018), 110001, '1.5')).toBe(true);
    expect(withinLowIncomeBand(one(1980019), 110001, '1.5')).toBe(false);
    expect(lowIncomeCeilingFen(110001, '1.5')).toBe(165001); // 165001.5 shown rounded down
  });
});

describe('asset limit', () => {
  it('passes at the limit per member and fails one fen over', () => {
    expect(assetsWithinLimit(5280000, 2, 2640000)).toBe(true);
    expect(assetsWithinLimit(5280001, 2, 2640000)).toBe(false);
  });

  it('refuses a household without members', () => {
    expect(() => assetsWithinLimit(0, 0, 2640000)).toThrow(RangeError);
  });
});

describe('per-capita arithmetic', () => {
  it('rounds monthly figures half-up for display', () => {
    expect(householdMonthlyIncomeFen(two(18))).toBe(2); // 1.5
    expect(householdMonthlyIncomeFen(two(17))).toBe(1);
    expect(perCapitaMonthlyIncomeFen(two(36))).toBe(2); // 1.5
  });

  it('takes a v1 per-capita figure as exact', () => {
    expect(incomeFromPerCapitaMonthly(121700, 2)).toEqual({ annualIncomeFen: 2920800, memberCount: 2 });
  });

  it.each([
    [{ annualIncomeFen: 100, memberCount: 0 }],
    [{ annualIncomeFen: 100, memberCount: 1.5 }],
    [{ annualIncomeFen: -1, memberCount: 1 }],
    [{ annualIncomeFen: 0.5, memberCount: 1 }],
  ])('refuses %j', (income) => {
    expect(() => requireHouseholdIncome(income)).toThrow(RangeError);
    expect(() => incomeBelowStandard(income, 100)).toThrow(RangeError);
  });
});

describe('standard by area', () => {
  it('names the dated parameter of the area', () => {
    expect(dibaoStandardKey('urban')).toBe('assistance.dibao.standard.urban');
    expect(dibaoStandardKey('rural')).toBe('assistance.dibao.standard.rural');
  });
});
