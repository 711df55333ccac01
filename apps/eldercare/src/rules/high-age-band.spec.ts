import { loadParameters } from '@civic/policy-params';
import { birthday, highAgeBand } from './high-age-band';

const params = loadParameters();

describe('highAgeBand', () => {
  it.each([
    ['1944-07-15', '2024-07-14', null, null],
    ['1944-07-15', '2024-07-15', 80, 10000],
    ['1934-07-15', '2024-07-14', 80, 10000],
    ['1934-07-15', '2024-07-15', 90, 20000],
    ['1924-07-15', '2024-07-14', 90, 20000],
    ['1924-07-15', '2024-07-15', 100, 50000],
    ['1914-07-15', '2024-07-15', 100, 50000],
  ])('born %s, on %s: band %s paying %s fen', (birth, date, age, fen) => {
    const band = highAgeBand(birth, params, date);
    expect(band?.age ?? null).toBe(age);
    expect(band?.monthlyAmountFen ?? null).toBe(fen);
  });

  it('dates the band from the birthday that reached it', () => {
    expect(highAgeBand('1934-07-15', params, '2024-12-01')?.from).toBe('2024-07-15');
  });

  it('reaches a 29 February birthday on 1 March in a common year', () => {
    expect(birthday('1944-02-29', 81)).toBe('2025-03-01');
    expect(highAgeBand('1944-02-29', params, '2024-02-28')).toBeNull();
    expect(highAgeBand('1944-02-29', params, '2024-02-29')?.age).toBe(80);
  });
});
