import { todayInShanghai } from '@civic/identity';

/**
 * Business time: when a notice starts, which day a decision falls on, which month a payment run
 * pays, which date the daily evaluation runs for. Services inject `Clock` instead of calling
 * `new Date()`, so a test or a tester can move time (dev-clock.ts) without back-dating inputs.
 * Timestamps of technical rows (outbox, audit chain, logs, leases) stay on system time.
 */
export abstract class Clock {
  abstract now(): Date;

  /** The Asia/Shanghai calendar date ('YYYY-MM-DD') of `now()`: the day policy dates are counted in. */
  today(): string {
    return todayInShanghai(this.now());
  }

  /** `now()` as an ISO 8601 instant. */
  nowIso(): string {
    return this.now().toISOString();
  }
}

/** The host's time; what production runs on. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
