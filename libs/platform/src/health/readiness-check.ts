import { Provider, Type } from '@nestjs/common';
import { HealthRegistry, HealthStatus } from './health.registry';

/**
 * Registers `source.readiness()` as the named check behind `/health/ready` (e.g. 'messaging' for the
 * OutboxRelayService of libs/messaging). A provider, not a class per app: every service adds the same
 * line, and the library that knows what "ready" means (messaging) need not import this one.
 */
export function readinessCheck(name: string, source: Type<{ readiness(): Promise<HealthStatus> }>): Provider {
  return {
    provide: `readiness-check:${name}`,
    inject: [HealthRegistry, source],
    useFactory: (registry: HealthRegistry, s: { readiness(): Promise<HealthStatus> }) => {
      registry.register(name, () => s.readiness());
      return name;
    },
  };
}
