import { todayInShanghai } from './calendar-date';
import { dayBefore } from './date-arithmetic';

describe('calendar dates', () => {
  it.each([
    ['2020-01-01', '2019-12-31'],
    ['2020-03-01', '2020-02-29'],
    ['2021-03-01', '2021-02-28'],
    ['2100-03-01', '2100-02-28'],
    ['2021-05-01', '2021-04-30'],
    ['2021-05-11', '2021-05-10'],
  ])('the day before %s is %s', (date, expected) => {
    expect(dayBefore(date)).toBe(expected);
  });

  it.each(['2021-02-29', '2021-13-01', '2021-5-1'])('refuses %s rather than rolling it over', (date) => {
    expect(() => dayBefore(date)).toThrow(RangeError);
  });

  it('reads today in Asia/Shanghai (UTC+8)', () => {
    expect(todayInShanghai(new Date('2021-06-30T15:59:59Z'))).toBe('2021-06-30');
    expect(todayInShanghai(new Date('2021-06-30T16:00:00Z'))).toBe('2021-07-01');
  });
});
