import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthCheckResult, messagingHealth } from '../health/messaging-health';
import { kafkaConnectionOf, MESSAGING_OPTIONS, MessagingOptions } from './messaging.options';
import { OutboxRelay } from '../outbox/outbox-relay';
import { sendInRowTraces } from '../outbox/relay-spans';
import { registerServiceMetrics } from '../health/operations.metrics';

/** Runs the service's outbox relay for the app's lifetime and answers its readiness checks. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly relay: OutboxRelay;
  private unregisterMetrics?: () => void;
  private consumerHealth: (() => Record<string, HealthCheckResult>)[] = [];

  constructor(
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingOptions,
    private readonly dataSource: DataSource,
  ) {
    this.relay = new OutboxRelay({
      dataSource,
      kafka: kafkaConnectionOf(options),
      service: options.service,
      batchSize: options.relay?.batchSize,
      maxBatchBytes: options.maxBatchBytes,
      pollIntervalMs: options.relay?.pollIntervalMs,
      sendInTraces: sendInRowTraces(kafkaConnectionOf(options).topicPrefix),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.unregisterMetrics = registerServiceMetrics({
      service: this.options.service,
      isLeader: () => this.relay.status().role === 'leader',
      dataSource: this.dataSource,
    });
    if (this.options.relay?.enabled !== false) await this.relay.start();
  }

  /** Graceful shutdown: publish what is pending (bounded), then release the outbox lock. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop(this.options.relay?.drainTimeoutMs ?? 5_000);
    this.unregisterMetrics?.();
  }

  /** Adds a transport's `consumer:<name>` checks to `check()` (done by `inboxTransportFor`). */
  addConsumerHealth(health: () => Record<string, HealthCheckResult>): void {
    this.consumerHealth.push(health);
  }

  /** Readiness: `broker`, `relay` (when enabled) and `consumer:<name>` for each inbox consumer of the app. */
  async check(): Promise<Record<string, HealthCheckResult>> {
    const own = await messagingHealth(
      kafkaConnectionOf(this.options),
      this.options.relay?.enabled !== false ? this.relay : undefined,
    );
    return Object.assign(own, ...this.consumerHealth.map((h) => h()));
  }

  /**
   * All of `check()` as one readiness status (the shape libs/platform's `readinessCheck` registers):
   * one probe costs one broker round trip, whatever the number of consumers. A broker, relay or
   * consumer failure is `degraded`, not a failure: the REST API keeps serving and its writes land in
   * the outbox, which the relay publishes once the broker is back (docs/reliability.md). Taking
   * every replica out of service because Kafka is away would turn a messaging delay into an outage.
   * Alert on `readiness_check_degraded` and the outbox backlog instead.
   */
  async readiness(): Promise<{ ok: boolean; degraded?: boolean; detail?: string }> {
    const checks = Object.entries(await this.check());
    const failed = checks.filter(([, c]) => !c.ok);
    if (failed.length)
      return {
        ok: true,
        degraded: true,
        detail: `degraded: ${failed.map(([n, c]) => `${n}: ${c.detail}`).join('; ')}`,
      };
    return { ok: true, detail: checks.map(([n]) => n).join(', ') };
  }
}
