import { loadParameters } from '@civic/policy-params';
import { allowanceAmount } from './allowance-amount';

describe('child allowance amount', () => {
  const files = loadParameters();
  const dibao = (date: string) => Number(files.valueAt('assistance.dibao.standard.urban', date).value);

  it.each([
    ['orphan', 'institution', '2016-06-01', 134000],
    ['orphan', 'family', '2016-06-01', 82000],
    ['de-facto-unsupported', 'family', '2016-06-01', 50000],
    ['orphan', 'institution', '2020-06-01', 192440],
    ['orphan', 'family', '2020-06-01', 155000],
    ['de-facto-unsupported', 'family', '2020-06-01', 155000],
  ] as const)('%s (%s) on %s: the plan figure %i fen', (category, care, date, fen) => {
    expect(allowanceAmount(files, category, care, date)?.monthlyAmountFen).toBe(fen);
  });

  it('from 2021 the amount is at least 1.6 × the dibao standard and moves with it', () => {
    for (const date of ['2022-06-01', '2025-06-01']) {
      const goal = Math.round(1.6 * dibao(date));
      const family = allowanceAmount(files, 'orphan', 'family', date)!;
      expect(family.monthlyAmountFen).toBe(Math.max(155000, goal));
      expect(allowanceAmount(files, 'de-facto-unsupported', 'family', date)!.monthlyAmountFen).toBe(
        family.monthlyAmountFen,
      );
      expect(family.parameters.map((p) => p.key)).toEqual([
        'child.orphan.family.monthly',
        'child.orphan_standard_goal',
      ]);
    }
    const raised = files.withOverrides([
      {
        key: 'assistance.dibao.standard.urban',
        value: 200000,
        effectiveFrom: '2026-01-01',
        source: 'test',
        scheduledBy: 'test',
      },
    ]);
    expect(allowanceAmount(raised, 'orphan', 'institution', '2026-02-01')!.monthlyAmountFen).toBe(320000);
  });

  it('no allowance for the other categories', () => {
    expect(allowanceAmount(files, 'in-difficulty', 'family', '2024-01-01')).toBeUndefined();
    expect(allowanceAmount(files, 'left-behind', 'family', '2024-01-01')).toBeUndefined();
    expect(allowanceAmount(files, 'none', 'family', '2024-01-01')).toBeUndefined();
  });
});
