import { loadParameters } from '@civic/policy-params';
import { MEMBER_DEFAULTS } from '@civic/testing';
import fc from 'fast-check';
import type { Household, HouseholdMember } from '../households/household.model';
import { arrears, monthlyAmount, PaymentSubject, paymentsAfterDeath } from './payment-amount';

const params = loadParameters();

function member(personRef: string, overrides: Partial<HouseholdMember> = {}): HouseholdMember {
  return { personRef, birthDate: '1985-05-05', sex: 'male', ...MEMBER_DEFAULTS, ...overrides };
}

// Three adults, 2000 yuan a month: the dibao gap is 3 × standard − 2000 yuan.
const household: Household = {
  householdId: 'hh-9',
  standardArea: 'urban',
  members: [
    member('p-a'),
    member('p-b', { relation: 'spouse', disabilityLevel: 1 }),
    member('p-c', { relation: 'child' }),
  ],
  incomes: [{ personRef: 'p-a', source: 'wages', period: 'monthly', amountFen: 200000 }],
  assets: { financialAssetsFen: 0, vehicles: 0, extraHousingUnits: 0, dangerousHouse: false },
  rigidExpenditure: { medical: 0, education: 0, rehabilitation: 0, disaster: 0, accident: 0 },
};

const dibaoCase = (deathDate: string | null = null): PaymentSubject => ({
  caseId: 'case-1',
  programme: 'dibao',
  household,
  beneficiaryRef: 'p-a',
  deathDate,
});

// The disabled spouse's dibao supplement (10% of the standard) is part of the household amount.
const dibaoFen = (standardFen: number) => standardFen * 3 - 200000 + standardFen / 10;

describe('monthlyAmount', () => {
  it.each([
    { month: '2024-12', fen: dibaoFen(121700) },
    { month: '2025-01', fen: dibaoFen(125000) },
  ])('pays $month from the standard in force on its 1st: $fen fen', ({ month, fen }) => {
    expect(monthlyAmount(dibaoCase(), month, params)).toMatchObject({
      month,
      governingDate: `${month}-01`,
      amountFen: fen,
    });
  });

  it('applies a standard raised mid-month from the next month', () => {
    const raised = params.withOverrides([
      {
        key: 'assistance.dibao.standard.urban',
        value: 130000,
        effectiveFrom: '2025-03-15',
        source: 'test notice',
        scheduledBy: 'test',
      },
    ]);
    expect(monthlyAmount(dibaoCase(), '2025-03', raised).amountFen).toBe(dibaoFen(125000));
    expect(monthlyAmount(dibaoCase(), '2025-04', raised).amountFen).toBe(dibaoFen(130000));
  });

  it('pays a per-person programme to its beneficiary member', () => {
    const subject: PaymentSubject = {
      caseId: 'case-2',
      programme: 'disability-nursing-subsidy',
      household,
      beneficiaryRef: 'p-b',
      deathDate: null,
    };
    expect(monthlyAmount(subject, '2020-06', params).amountFen).toBe(23500);
    expect(() => monthlyAmount({ ...subject, beneficiaryRef: 'p-stranger' }, '2020-06', params)).toThrow(RangeError);
  });

  it('pays nothing when the household is no longer eligible, and says why', () => {
    const richer = {
      ...household,
      incomes: [{ personRef: 'p-a', source: 'wages' as const, period: 'monthly' as const, amountFen: 900000 }],
    };
    const result = monthlyAmount({ ...dibaoCase(), household: richer }, '2025-03', params);
    expect(result.amountFen).toBe(0);
    expect(result.reasons[0].rule).toBe('payment.no-longer-eligible');
  });

  it.each([
    { deathDate: '2025-02-28', month: '2025-02', paid: true },
    { deathDate: '2025-02-28', month: '2025-03', paid: false },
    { deathDate: '2025-03-01', month: '2025-03', paid: true },
    { deathDate: '2025-03-01', month: '2025-04', paid: false },
    { deathDate: '2025-03-31', month: '2025-04', paid: false },
    { deathDate: '2024-12-31', month: '2025-01', paid: false },
  ])('death on $deathDate: month $month paid=$paid', ({ deathDate, month, paid }) => {
    const result = monthlyAmount(dibaoCase(deathDate), month, params);
    expect(result.amountFen > 0).toBe(paid);
    if (!paid) expect(result.reasons).toEqual([expect.objectContaining({ rule: 'payment.beneficiary-deceased' })]);
  });

  it('never pays for a month that starts after the recorded death', () => {
    const day = fc
      .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2026, 11, 31) })
      .map((ms) => new Date(ms).toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, day, (deathDate, inMonth) => {
        const month = inMonth.slice(0, 7);
        const paid = monthlyAmount(dibaoCase(deathDate), month, params).amountFen > 0;
        expect(paid && `${month}-01` > deathDate).toBe(false);
        // whatever is paid is never an audit finding, and whatever is flagged was not owed
        expect(paymentsAfterDeath([{ month }], deathDate).length > 0 && paid).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

describe('paymentsAfterDeath', () => {
  const issued = [
    { month: '2025-02', id: 'pay-2' },
    { month: '2025-03', id: 'pay-3' },
    { month: '2025-04', id: 'pay-4' },
  ];

  it.each([
    { deathDate: '2025-03-01', flagged: ['pay-4'] },
    { deathDate: '2025-02-28', flagged: ['pay-3', 'pay-4'] },
    { deathDate: '2025-04-30', flagged: [] },
  ])('flags the payments for months starting after a death on $deathDate', ({ deathDate, flagged }) => {
    expect(paymentsAfterDeath(issued, deathDate).map((p) => p.id)).toEqual(flagged);
  });
});

describe('arrears for a reinstated case (death record revoked)', () => {
  it('pays every unpaid month from suspension to reinstatement, each at its own standard', () => {
    const result = arrears(dibaoCase(), '2024-11-05', '2025-02-03', ['2024-11'], params);
    expect(result.months.map((m) => [m.month, m.amountFen])).toEqual([
      ['2024-12', dibaoFen(121700)],
      ['2025-01', dibaoFen(125000)],
      ['2025-02', dibaoFen(125000)],
    ]);
    expect(result.totalFen).toBe(dibaoFen(121700) + 2 * dibaoFen(125000));
  });

  it('owes only the month of death while the death is still recorded', () => {
    const result = arrears(dibaoCase('2024-11-04'), '2024-11-05', '2025-02-03', [], params);
    expect(result.months.map((m) => [m.month, m.amountFen])).toEqual([
      ['2024-11', dibaoFen(121700)],
      ['2024-12', 0],
      ['2025-01', 0],
      ['2025-02', 0],
    ]);
    expect(arrears(dibaoCase('2024-11-04'), '2024-11-05', '2025-02-03', ['2024-11'], params).totalFen).toBe(0);
  });

  it('owes nothing when every month was paid', () => {
    expect(arrears(dibaoCase(), '2025-03-02', '2025-04-10', ['2025-03', '2025-04'], params)).toMatchObject({
      months: [],
      totalFen: 0,
    });
  });
});
