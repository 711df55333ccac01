import { GrowingTableStats } from './growing-table-stats';

describe('GrowingTableStats (the replay analyses its schema as it fills)', () => {
  it('analyses once the events applied reach the first threshold, then each time they have doubled', async () => {
    let analysed = 0;
    const stats = new GrowingTableStats(async () => void analysed++, 2_000);
    const at: number[] = [];
    let events = 0;
    for (const n of [1_999, 1, 500, 1_500, 3_000, 100, 9_000, 10_000, 10_000]) {
      stats.applied(n);
      events += n;
      const before = analysed;
      await stats.refreshIfGrown();
      if (analysed > before) at.push(events);
    }
    // 2,000 → next at 4,000 → 4,000 → next at 8,000 → 16,100 → next at 32,200 (not 26,100) → 36,100
    expect(at).toEqual([2_000, 4_000, 16_100, 36_100]);
  });

  it('does not analyse before the first threshold', async () => {
    let analysed = 0;
    const stats = new GrowingTableStats(async () => void analysed++, 2_000);
    stats.applied(1_999);
    await stats.refreshIfGrown();
    expect(analysed).toBe(0);
  });
});
