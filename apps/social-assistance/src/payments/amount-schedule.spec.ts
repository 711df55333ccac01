import { addMonths } from '@civic/calendar';
import { loadParameters, ParameterSet } from '@civic/policy-params';
import { MEMBER_DEFAULTS } from '@civic/testing';
import fc from 'fast-check';
import type { Household, HouseholdMember } from '../households/household.model';
import { amountSchedule, governingFirst } from './amount-schedule';
import { MonthlyProgramme, monthlyAmount, PaymentSubject } from './payment-amount';

const files = loadParameters();

function member(personRef: string, birthDate: string, overrides: Partial<HouseholdMember> = {}): HouseholdMember {
  return { personRef, birthDate, sex: 'female', ...MEMBER_DEFAULTS, ...overrides };
}

const household = (births: string[], incomeFen: number): Household => ({
  householdId: 'hh-1',
  standardArea: 'urban',
  members: births.map((b, i) =>
    member(`p-${i}`, b, i === 0 ? {} : { relation: 'child', labourCapacity: 'none', selfCareAbility: 'none' }),
  ),
  incomes: [{ personRef: 'p-0', source: 'wages', period: 'monthly', amountFen: incomeFen }],
  assets: { financialAssetsFen: 0, vehicles: 0, extraHousingUnits: 0, dangerousHouse: false },
  rigidExpenditure: { medical: 0, education: 0, rehabilitation: 0, disaster: 0, accident: 0 },
});

/** The amount the schedule says is in force on `month`'s 1st. */
function scheduled(schedule: ReturnType<typeof amountSchedule>, month: string): number {
  return schedule.filter((s) => s.effectiveFrom <= `${month}-01`).at(-1)!.amountFen;
}

const day = (y: number, m: number, d: number) =>
  `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, 28)).padStart(2, '0')}`;

describe('amountSchedule', () => {
  it('rounds a change day up to the 1st it governs', () => {
    expect(governingFirst('2026-03-01')).toBe('2026-03-01');
    expect(governingFirst('2026-03-02')).toBe('2026-04-01');
    expect(governingFirst('2026-12-31')).toBe('2027-01-01');
  });

  // The guarantee the run rests on: paying the entry in force on a month's 1st is paying what the
  // means test gives that month (what the run computed per case before), for every month ahead,
  // across parameter values scheduled mid-month and members reaching 16, 18 or 60.
  it('gives, for every month over 15 years, the amount monthlyAmount gives that month', () => {
    const date = (from: number, to: number) =>
      fc.tuple(fc.integer({ min: from, max: to }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }));
    fc.assert(
      fc.property(
        fc.array(date(1955, 2021), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 0, max: 300000 }),
        fc.constantFrom<MonthlyProgramme>('dibao', 'extreme-poverty'),
        fc.tuple(fc.integer({ min: 2022, max: 2028 }), fc.integer({ min: 1, max: 12 })),
        fc.option(fc.tuple(date(2025, 2030), fc.integer({ min: 1, max: 60 }))),
        (births, incomeFen, programme, [y, m], raise) => {
          let params: ParameterSet = files;
          if (raise) {
            const [[ry, rm, rd], step] = raise;
            const effectiveFrom = day(ry, rm, rd);
            const key = 'assistance.dibao.standard.urban';
            params = files.withOverrides([
              {
                key,
                value: files.fenAt(key, effectiveFrom) + step * 1000,
                effectiveFrom,
                source: 'test',
                scheduledBy: 'test',
              },
            ]);
          }
          const subject: PaymentSubject = {
            caseId: 'case-1',
            programme,
            household: household(
              births.map(([by, bm, bd]) => day(by, bm, bd)),
              incomeFen,
            ),
            beneficiaryRef: 'p-0',
            deathDate: null,
          };
          const from = day(y, m, 1);
          const schedule = amountSchedule(subject, from, params);
          expect(schedule[0].effectiveFrom).toBe(from);
          for (let i = 0; i < 180; i++) {
            const month = addMonths(from, i).slice(0, 7);
            expect({ month, fen: scheduled(schedule, month) }).toEqual({
              month,
              fen: monthlyAmount(subject, month, params).amountFen,
            });
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('keeps only the 1sts on which the amount changes', () => {
    const subject: PaymentSubject = {
      caseId: 'case-1',
      programme: 'dibao',
      household: household(['1980-06-15', '2012-06-15'], 50000),
      beneficiaryRef: 'p-0',
      deathDate: null,
    };
    const schedule = amountSchedule(subject, '2026-01-01', files);
    schedule.slice(1).forEach((s, i) => expect(s.amountFen).not.toBe(schedule[i].amountFen));
    // the child's 18th birthday (2030-06-15) changes the amount from the next 1st
    expect(schedule.map((s) => s.effectiveFrom)).toContain('2030-07-01');
  });

  it('owes 0 to a beneficiary who left the household, instead of failing the decision', () => {
    const subject: PaymentSubject = {
      caseId: 'case-1',
      programme: 'extreme-poverty',
      household: household(['1950-01-01'], 0),
      beneficiaryRef: 'p-gone',
      deathDate: null,
    };
    expect(amountSchedule(subject, '2026-01-01', files)).toEqual([
      { effectiveFrom: '2026-01-01', amountFen: 0, basis: 'payment.beneficiary-not-a-member' },
    ]);
  });
});
