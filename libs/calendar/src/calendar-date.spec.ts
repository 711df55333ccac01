import { isCalendarDate, shanghaiDate, todayInShanghai } from './calendar-date';

describe('todayInShanghai', () => {
  it('is the next calendar day from 16:00 UTC (UTC+8)', () => {
    expect(todayInShanghai(new Date('2024-12-31T15:59:59.999Z'))).toBe('2024-12-31');
    expect(todayInShanghai(new Date('2024-12-31T16:00:00.000Z'))).toBe('2025-01-01');
  });

  it("gives the time-zone database's date for instants from 1985 to 2100 (the arithmetic path from 1992 included)", () => {
    const tz = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    const from = Date.UTC(1985, 0, 1);
    const to = Date.UTC(2100, 0, 1);
    // steps of 5 d 7 h 13 min 17 s land on every hour of the day over the range; plus each 16:00 UTC edge
    for (let ms = from; ms < to; ms += 457_997_000) {
      for (const at of [ms, Math.floor(ms / 86_400_000) * 86_400_000 + 57_600_000 + (ms % 2 ? -1 : 0)])
        expect(todayInShanghai(new Date(at))).toBe(tz.format(new Date(at)));
    }
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
