import { OutboxRelayService } from '@civic/messaging';
import { HealthRegistry } from '@civic/platform';
import { Injectable, OnModuleInit } from '@nestjs/common';

/**
 * Readiness includes the broker, the outbox relay and every inbox consumer (one per consumed
 * topic): an engine whose consumers have not joined their groups raises no alert, so it is not ready.
 * One registry check runs them all, so a probe costs one broker round trip, not one per consumer.
 */
@Injectable()
export class MessagingReadiness implements OnModuleInit {
  constructor(
    private readonly registry: HealthRegistry,
    private readonly relay: OutboxRelayService,
  ) {}

  onModuleInit(): void {
    this.registry.register('messaging', async () => {
      const checks = Object.entries(await this.relay.check());
      const failed = checks.filter(([, c]) => !c.ok);
      if (failed.length) return { ok: false, detail: failed.map(([n, c]) => `${n}: ${c.detail}`).join('; ') };
      return { ok: true, detail: checks.map(([n]) => n).join(', ') };
    });
  }
}
