import { Injectable, OnModuleDestroy } from '@nestjs/common';

/** Result of one readiness check; `detail` must not carry secrets or personal data. */
export interface HealthStatus {
  ok: boolean;
  detail?: string;
}

/** A readiness check, e.g. the database, the broker or the outbox relay. */
export type HealthCheck = () => Promise<HealthStatus>;

const CHECK_TIMEOUT_MS = 3_000;

/** Named readiness checks behind `/health/ready`; readiness also drops once shutdown begins. */
@Injectable()
export class HealthRegistry implements OnModuleDestroy {
  private readonly checks = new Map<string, HealthCheck>();
  private draining = false;

  /** Adds (or replaces) a named check. */
  register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  /** Runs every check in parallel, each bounded by a timeout. */
  async run(): Promise<{ ready: boolean; checks: Record<string, HealthStatus> }> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await bounded(check)] as const),
    );
    const checks: Record<string, HealthStatus> = Object.fromEntries(entries);
    if (this.draining) checks.shutdown = { ok: false, detail: 'shutting down' };
    return { ready: Object.values(checks).every((c) => c.ok), checks };
  }

  // the first shutdown hook: load balancers stop sending work while in-flight work finishes
  onModuleDestroy() {
    this.draining = true;
  }
}

/** Registers several checks at once, e.g. the ones libs/messaging exposes for broker and relay. */
export function registerHealthChecks(registry: HealthRegistry, checks: Record<string, HealthCheck>): void {
  for (const [name, check] of Object.entries(checks)) registry.register(name, check);
}

async function bounded(check: HealthCheck): Promise<HealthStatus> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      check(),
      new Promise<HealthStatus>((resolve) => {
        timer = setTimeout(
          () => resolve({ ok: false, detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }),
          CHECK_TIMEOUT_MS,
        );
      }),
    ]);
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
  }
}
