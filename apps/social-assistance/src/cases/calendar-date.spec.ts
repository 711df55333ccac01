import { addDays, addMonths, monthsBetween, shanghaiDate } from './calendar-date';

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
  ])('adds $days days to $date → $expected', ({ date, days, expected }) => {
    expect(addDays(date, days)).toBe(expected);
  });

  it('lists the months between two months, both included', () => {
    expect(monthsBetween('2024-11', '2025-02')).toEqual(['2024-11', '2024-12', '2025-01', '2025-02']);
    expect(monthsBetween('2025-03', '2025-02')).toEqual([]);
  });

  it.each([
    { at: '2025-03-10T16:00:00Z', expected: '2025-03-11' },
    { at: '2025-03-10T15:59:59Z', expected: '2025-03-10' },
    { at: '2025-03-11T00:30:00+08:00', expected: '2025-03-11' },
    { at: '2025-03-11', expected: '2025-03-11' },
  ])('takes the Asia/Shanghai date of $at → $expected', ({ at, expected }) => {
    expect(shanghaiDate(at)).toBe(expected);
  });

  it('rejects a value that is not an instant', () => {
    expect(() => shanghaiDate('next tuesday')).toThrow(RangeError);
  });
});
