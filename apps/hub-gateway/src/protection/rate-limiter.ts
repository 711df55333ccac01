/**
 * Token bucket per key: `perMinute` tokens refill evenly, at most `perMinute` held (one minute of
 * burst). In memory per instance: with N replicas a sender gets up to N times the rate, which the
 * hub's own gateway bounds anyway; a shared limiter would need Redis, which the platform lacks.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes a token; returns 0 when allowed, else the seconds until one is available. */
  take(key: string, perMinute: number): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: perMinute, at: t };
    b.tokens = Math.min(perMinute, b.tokens + ((t - b.at) / 60_000) * perMinute);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - b.tokens) * 60) / perMinute);
  }
}
