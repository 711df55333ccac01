import { loadParameters } from '@civic/policy-params';
import { allowanceAmount } from '../allowances/allowance-amount';
import { PayableGrant, payableMonth } from './payable-month';

describe('what a child allowance pays for a month', () => {
  const files = loadParameters();
  const grant = (over: Partial<PayableGrant> = {}): PayableGrant => ({
    category: 'orphan',
    careMode: 'family',
    ageOutDate: '2027-03-15',
    deathDate: null,
    ...over,
  });
  const family = (date: string) => allowanceAmount(files, 'orphan', 'family', date)!.monthlyAmountFen;

  it.each([
    ['no death', null, 'pays'],
    ['death the day before the 1st', '2026-06-30', 'deceased'],
    ['death on the 1st (during the month: not clawed back)', '2026-07-01', 'pays'],
    ['death later in the month', '2026-07-20', 'pays'],
  ] as const)('%s', (_, deathDate, outcome) => {
    const d = payableMonth(files, grant({ deathDate }), '2026-07');
    if (outcome === 'pays') expect(d).toEqual({ amountFen: family('2026-07-01') });
    else expect(d).toEqual({ amountFen: 0, skip: 'deceased' });
  });

  it.each([
    ['the month before the 18th birthday', '2027-02', true],
    ['the birthday month (birthday mid-month)', '2027-03', false],
    ['the month after', '2027-04', false],
  ] as const)('aging out: %s', (_, month, pays) => {
    const d = payableMonth(files, grant(), month);
    expect(d).toEqual(pays ? { amountFen: family(`${month}-01`) } : { amountFen: 0, skip: 'not-eligible' });
  });

  it('a birthday on the 1st stops that month too', () => {
    expect(payableMonth(files, grant({ ageOutDate: '2027-03-01' }), '2027-03')).toEqual({
      amountFen: 0,
      skip: 'not-eligible',
    });
    expect(payableMonth(files, grant({ ageOutDate: '2027-03-01' }), '2027-02').amountFen).toBeGreaterThan(0);
  });

  it('the amount is the one in force on the 1st, with a runtime-scheduled dibao standard, never the stored one', () => {
    const raised = files.withOverrides([
      {
        key: 'assistance.dibao.standard.urban',
        value: 200000,
        effectiveFrom: '2026-07-15',
        source: 'test',
        scheduledBy: 'test',
      },
    ]);
    // raised mid-July: July still pays the old amount, August 1.6 × 200000
    expect(payableMonth(raised, grant(), '2026-07')).toEqual({ amountFen: family('2026-07-01') });
    expect(payableMonth(raised, grant(), '2026-08')).toEqual({ amountFen: 320000 });
    expect(payableMonth(raised, grant({ category: 'de-facto-unsupported' }), '2026-08')).toEqual({ amountFen: 320000 });
  });

  it('a category without an allowance pays nothing', () => {
    expect(payableMonth(files, grant({ category: 'left-behind' }), '2026-07')).toEqual({
      amountFen: 0,
      skip: 'not-eligible',
    });
  });
});
