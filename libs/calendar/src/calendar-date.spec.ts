import { isCalendarDate, shanghaiDate, todayInShanghai } from './calendar-date';

describe('todayInShanghai', () => {
  it('is the next calendar day from 16:00 UTC (UTC+8)', () => {
    expect(todayInShanghai(new Date('2024-12-31T15:59:59.999Z'))).toBe('2024-12-31');
    expect(todayInShanghai(new Date('2024-12-31T16:00:00.000Z'))).toBe('2025-01-01');
  });
});

describe('isCalendarDate', () => {
  it.each(['2024-02-29', '2000-02-29', '1999-12-31'])('accepts %s', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['2023-02-29', '1900-02-29', '2024-04-31', '2024-13-01', '2024-1-01', '20240101', ''])('rejects %s', (d) =>
    expect(isCalendarDate(d)).toBe(false),
  );
});

describe('shanghaiDate', () => {
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
