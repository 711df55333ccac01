import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a minute of burst, then refuses until tokens refill', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 3; i++) expect(limiter.take('crvs', 3)).toBe(0);
    expect(limiter.take('crvs', 3)).toBe(20);
    now += 20_000;
    expect(limiter.take('crvs', 3)).toBe(0);
  });

  it('keeps senders apart', () => {
    const limiter = new RateLimiter(() => 0);
    expect(limiter.take('a', 1)).toBe(0);
    expect(limiter.take('a', 1)).toBeGreaterThan(0);
    expect(limiter.take('b', 1)).toBe(0);
  });
});
