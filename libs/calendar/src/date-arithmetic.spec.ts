import { addDays, addMonths, daysBetween, monthsBetween } from './date-arithmetic';

describe('calendar dates', () => {
  it.each([
    { date: '2025-01-31', months: 1, expected: '2025-02-28' },
    { date: '2024-01-31', months: 1, expected: '2024-02-29' },
    { date: '2024-02-29', months: 12, expected: '2025-02-28' },
    { date: '2025-03-11', months: 12, expected: '2026-03-11' },
    { date: '2025-11-15', months: 3, expected: '2026-02-15' },
  ])('adds $months month(s) to $date → $expected', ({ date, months, expected }) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it.each([
    { date: '2025-02-25', days: 7, expected: '2025-03-04' },
    { date: '2024-12-28', days: 10, expected: '2025-01-07' },
    { date: '2024-03-01', days: -1, expected: '2024-02-29' },
  ])('adds $days days to $date → $expected', ({ date, days, expected }) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it.each([
    { from: '2024-02-28', to: '2024-03-01', expected: 2 },
    { from: '2025-02-28', to: '2025-03-01', expected: 1 },
    { from: '2025-01-10', to: '2025-01-03', expected: -7 },
    { from: '2025-06-01', to: '2025-06-01', expected: 0 },
  ])('counts $expected day(s) from $from to $to', ({ from, to, expected }) => {
    expect(daysBetween(from, to)).toBe(expected);
  });

  it('lists the months between two months, both included', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2025-03', '2025-02')).toEqual([]);
  });
});
