import { backoffMs } from './backoff';

describe('backoffMs', () => {
  it('doubles per attempt and stays under the cap', () => {
    const top = () => 1;
    expect([1, 2, 3, 4].map((a) => backoffMs(a, 100, 10_000, top))).toEqual([100, 200, 400, 800]);
    expect(backoffMs(20, 100, 10_000, top)).toBe(10_000);
  });

  it('jitters down to half the delay', () => {
    expect(backoffMs(3, 100, 10_000, () => 0)).toBe(200);
  });
});
