import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthCheckResult, messagingHealth } from './messaging-health';
import { kafkaConnectionOf, MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { OutboxRelay } from './outbox-relay';

/** Runs the service's outbox relay for the app's lifetime and answers its readiness checks. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: OutboxRelay;

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    dataSource: DataSource,
  ) {
    this.relay = new OutboxRelay({
      dataSource,
      kafka: kafkaConnectionOf(options),
      service: options.service,
      batchSize: options.relay?.batchSize,
      pollIntervalMs: options.relay?.pollIntervalMs,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.relay?.enabled !== false) await this.relay.start();
  }

  /** Graceful shutdown: publish what is pending (bounded), then release the outbox lock. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop(this.options.relay?.drainTimeoutMs ?? 5_000);
  }

  /** Readiness: `broker` and `relay` (relay only when enabled). */
  check(): Promise<Record<string, HealthCheckResult>> {
    return messagingHealth(kafkaConnectionOf(this.options), this.options.relay?.enabled !== false ? this.relay : undefined);
  }
}
