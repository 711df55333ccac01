import { indicatorParameters } from './indicator-parameters';
import { rationalOf, whole } from './rational';
import { statusOf, targetOn } from './target-path';

describe('targets and status against the plan', () => {
  const params = indicatorParameters();

  it('reads the plan 2025 target as the last milestone, with its source', () => {
    const t = targetOn(params, 'indicators.hub_organisations.target', '2022-06-30');
    expect(t.finalValue).toBe(23);
    expect(t.source).toContain('专栏1 indicator 17');
  });

  it('puts the path on the straight line between two milestones', () => {
    // 6 on 2020-12-31, 14 on 2023-12-31 (1095 days): half-way (2022-07-01, day 547.5) is not a day,
    // so check the exact day count: 2022-07-02 is day 548 → 6 + 8 × 548/1095
    const t = targetOn(params, 'indicators.hub_organisations.target', '2022-07-02');
    expect(t.path.num / t.path.den).toBeCloseTo(6 + (8 * 548) / 1095, 10);
    expect(targetOn(params, 'indicators.hub_organisations.target', '2023-12-31').path).toEqual(whole(14));
    expect(targetOn(params, 'indicators.hub_organisations.target', '2019-01-01').path).toEqual(whole(6));
    expect(targetOn(params, 'indicators.hub_organisations.target', '2030-01-01').path).toEqual(whole(23));
  });

  it('is met when the value equals the 2025 target exactly, and behind one below the path', () => {
    const t = targetOn(params, 'indicators.social_workers.target', '2023-12-31');
    expect(statusOf(whole(7855), t)).toBe('met');
    expect(statusOf(whole(7854), t)).toBe('on-track');
    expect(statusOf(whole(6441), t)).toBe('on-track');
    expect(statusOf(whole(6440), t)).toBe('behind');
  });

  it('compares shares exactly, not rounded: 2/3 is below a 0.6667 target', () => {
    const t = { ...targetOn(params, 'indicators.elder_visit_rate.target', '2025-12-31') };
    t.final = rationalOf('0.6667');
    t.path = rationalOf('0.6667');
    expect(statusOf({ num: 2, den: 3 }, t)).toBe('behind');
    expect(statusOf({ num: 6667, den: 10000 }, t)).toBe('met');
  });

  it('has no data without a value and no target without a key', () => {
    expect(statusOf(null, targetOn(params, 'indicators.elder_visit_rate.target', '2024-01-01'))).toBe('no-data');
    expect(statusOf(whole(3), null)).toBe('no-target');
  });
});
