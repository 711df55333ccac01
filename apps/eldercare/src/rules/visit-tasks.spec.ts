import { lastOfMonth, needsMonthlyVisit, visitDueOn } from './visit-tasks';

describe('visit-task generation', () => {
  it.each([
    [['alone'], null, true],
    [['empty-nest'], null, true],
    [['left-behind'], null, true],
    [['childless'], null, true],
    [['family-planning-special'], null, true],
    [['with-family'], 'moderate', true],
    [['with-family'], 'severe', true],
    [['with-family'], 'complete-loss', true],
    [['with-family'], 'mild', false],
    [['with-family'], null, false],
  ])('situation %j, level %s: monthly visit %s', (livingSituation, abilityLevel, expected) => {
    expect(needsMonthlyVisit({ livingSituation: livingSituation as string[], abilityLevel })).toBe(expected);
  });

  it.each([
    ['2024-02', null, '2024-02-29'],
    ['2023-02', null, '2023-02-28'],
    ['2024-07', '2024-06-20', '2024-07-20'],
    ['2024-07', '2024-07-05', '2024-07-31'],
    ['2024-07', '2024-03-01', '2024-07-01'],
  ])('month %s, last visit %s: due %s (30-day interval)', (month, last, due) => {
    expect(visitDueOn(month, last, 30)).toBe(due);
  });

  it('knows month ends', () => {
    expect(lastOfMonth('2024-04')).toBe('2024-04-30');
  });
});
