import { ageOn } from './age-on';

describe('ageOn', () => {
  it.each([
    ['1949-12-31', '2025-12-30', 75],
    ['1949-12-31', '2025-12-31', 76],
    ['1945-06-15', '2025-06-14', 79],
    ['1945-06-15', '2025-06-15', 80],
    ['2000-01-01', '2000-01-01', 0],
    // 29 February: the birthday is reached on 1 March in common years, on the day in leap years.
    ['2000-02-29', '2023-02-28', 22],
    ['2000-02-29', '2023-03-01', 23],
    ['2000-02-29', '2024-02-28', 23],
    ['2000-02-29', '2024-02-29', 24],
  ])('someone born %s is %s years old on %s', (birth, date, age) => {
    expect(ageOn(birth, date)).toBe(age);
  });

  it('refuses a date before birth and malformed dates', () => {
    expect(() => ageOn('2000-01-02', '2000-01-01')).toThrow(RangeError);
    expect(() => ageOn('2000-02-30', '2024-01-01')).toThrow(RangeError);
    expect(() => ageOn('2000-01-01', '2024/01/01')).toThrow(RangeError);
  });
});
