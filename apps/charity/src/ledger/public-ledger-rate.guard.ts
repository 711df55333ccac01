import { ProblemException } from '@civic/platform';
import { CanActivate, ExecutionContext, Injectable, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CharityConfig } from '../charity.config';

// One statement per request: the client's count in its current window is taken and returned in the
// same upsert (the row lock serialises one address's requests across every replica). A window is the
// minute from the client's first request in it, timed by the database's clock, so replicas with
// drifting clocks still share it.
export const RATE_TAKE = `
  INSERT INTO public_ledger_rate AS r (client, window_start, used) VALUES ($1, now(), 1)
  ON CONFLICT (client) DO UPDATE
    SET used = CASE WHEN r.window_start > now() - interval '1 minute' THEN r.used + 1 ELSE 1 END,
        window_start = CASE WHEN r.window_start > now() - interval '1 minute' THEN r.window_start ELSE now() END
  RETURNING used, ceil(extract(epoch FROM r.window_start + interval '1 minute' - now()))::int AS seconds_left`;

/**
 * The public ledger is read without a token, so each client address gets a budget of requests per
 * minute (one-minute windows from the client's first request, PUBLIC_LEDGER_RATE_PER_MINUTE) held in the service's database
 * (persistence/public-ledger-rate.migration.ts), so it holds across replicas; beyond it, 429 with
 * Retry-After. Rows of past windows are swept once a minute by each replica.
 */
@Injectable()
export class PublicLedgerRateGuard implements CanActivate, OnModuleDestroy {
  private readonly sweep: NodeJS.Timeout;

  constructor(
    private readonly config: CharityConfig,
    private readonly dataSource: DataSource,
  ) {
    this.sweep = setInterval(() => {
      void this.dataSource
        .query(`DELETE FROM public_ledger_rate WHERE window_start <= now() - interval '1 minute'`)
        .catch(() => undefined); // the next sweep tries again; a stale row is reset by its next request anyway
    }, 60_000);
    this.sweep.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.sweep);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<{ ip?: string }>();
    const [{ used, seconds_left }]: { used: number; seconds_left: number }[] = await this.dataSource.query(RATE_TAKE, [
      req.ip ?? 'unknown',
    ]);
    if (used > this.config.PUBLIC_LEDGER_RATE_PER_MINUTE) {
      const retryAfter = Math.max(1, seconds_left);
      throw new ProblemException(429, 'too many requests to the public ledger; retry later', {
        headers: { 'Retry-After': String(retryAfter) },
        extras: { retryAfterSeconds: retryAfter },
      });
    }
    return true;
  }
}
