import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { Gauge, register } from 'prom-client';

/**
 * Result of one readiness check; `detail` must not carry secrets or personal data. `degraded`
 * (with ok: true) is a dependency the service can work without for a while, e.g. the broker: writes
 * still land in the outbox, so readiness stays 200 and says `degraded` instead of taking every
 * replica out of service.
 */
export interface HealthStatus {
  ok: boolean;
  degraded?: boolean;
  detail?: string;
}

/** What one readiness run found. */
export interface ReadinessReport {
  ready: boolean;
  degraded: boolean;
  checks: Record<string, HealthStatus>;
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

  /** Runs every check in parallel, each bounded by a timeout, and records the outcome in the metrics. */
  async run(): Promise<ReadinessReport> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await bounded(check)] as const),
    );
    const checks: Record<string, HealthStatus> = Object.fromEntries(entries);
    if (this.draining) checks.shutdown = { ok: false, detail: 'shutting down' };
    const { ok, degraded } = readinessGauges();
    for (const [name, c] of Object.entries(checks)) {
      ok.set({ check: name }, c.ok ? 1 : 0);
      degraded.set({ check: name }, c.ok && c.degraded ? 1 : 0);
    }
    const all = Object.values(checks);
    return { ready: all.every((c) => c.ok), degraded: all.some((c) => c.ok && c.degraded), checks };
  }

  /** Readiness answers 503 from now on (SIGTERM: the drain period starts with this). */
  startDraining(): void {
    this.draining = true;
  }

  // also the first shutdown hook, for apps closed without a signal (tests)
  onModuleDestroy() {
    this.startDraining();
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

let gauges: { ok: Gauge<'check'>; degraded: Gauge<'check'> } | undefined;

/** The readiness gauges, created once per process (prom-client's registry is global; tests boot several apps). */
function readinessGauges(): { ok: Gauge<'check'>; degraded: Gauge<'check'> } {
  gauges ??= {
    ok:
      (register.getSingleMetric('readiness_check_ok') as Gauge<'check'> | undefined) ??
      new Gauge({
        name: 'readiness_check_ok',
        help: 'Last /health/ready outcome per check: 1 passing (possibly degraded), 0 failing',
        labelNames: ['check'],
      }),
    degraded:
      (register.getSingleMetric('readiness_check_degraded') as Gauge<'check'> | undefined) ??
      new Gauge({
        name: 'readiness_check_degraded',
        help: 'Last /health/ready outcome per check: 1 when the check passes degraded (e.g. broker unreachable, writes queue in the outbox)',
        labelNames: ['check'],
      }),
  };
  return gauges;
}
