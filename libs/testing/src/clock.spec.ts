import { TestClock } from './clock';

describe('TestClock', () => {
  it('stands still until moved, by instant or by days, and gives the Shanghai date', () => {
    const clock = new TestClock('2026-12-06T15:59:00Z');
    expect(clock.today()).toBe('2026-12-06');
    expect(clock.now().toISOString()).toBe('2026-12-06T15:59:00.000Z');
    clock.set('2026-12-06T16:00:00Z');
    expect(clock.today()).toBe('2026-12-07');
    expect(clock.advanceDays(7).today()).toBe('2026-12-14');
    expect(clock.nowIso()).toBe('2026-12-13T16:00:00.000Z');
  });
});
