import { isCalendarDate, todayInShanghai } from './calendar-date';

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
