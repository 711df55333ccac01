import { ProblemException } from '@civic/platform';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { CharityConfig } from '../charity.config';

/**
 * The public ledger is read without a token, so each client address gets a budget of requests per
 * minute (fixed one-minute windows, PUBLIC_LEDGER_RATE_PER_MINUTE); beyond it, 429 with Retry-After.
 * Per instance: behind several replicas a client gets the budget once per replica, which still
 * bounds what one address can make the database do.
 */
@Injectable()
export class PublicLedgerRateGuard implements CanActivate {
  private windowStart = 0;
  private readonly counts = new Map<string, number>();

  constructor(private readonly config: CharityConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<{ ip?: string }>();
    // wall time, not the business clock: a rate window is about real requests, not policy dates
    const now = Date.now();
    if (now - this.windowStart >= 60_000) {
      this.windowStart = now;
      this.counts.clear();
    }
    const key = req.ip ?? 'unknown';
    const used = (this.counts.get(key) ?? 0) + 1;
    this.counts.set(key, used);
    if (used > this.config.PUBLIC_LEDGER_RATE_PER_MINUTE) {
      const retryAfter = Math.max(1, Math.ceil((this.windowStart + 60_000 - now) / 1000));
      throw new ProblemException(429, 'too many requests to the public ledger; retry later', {
        headers: { 'Retry-After': String(retryAfter) },
        extras: { retryAfterSeconds: retryAfter },
      });
    }
    return true;
  }
}
