import { Counter, Gauge, register } from 'prom-client';

/** A source of outbox gauges: each running relay registers one, read at scrape time. */
export interface OutboxBacklogSource {
  service: string;
  backlog(): Promise<{ pending: number; oldestAgeSeconds: number }>;
}

const backlogSources = new Set<OutboxBacklogSource>();

// Metrics live in prom-client's default registry; created once per process because several
// relays or consumers (tests, multi-consumer apps) share it.
function once<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

async function collectBacklog(): Promise<Map<string, { pending: number; oldestAgeSeconds: number }>> {
  const out = new Map<string, { pending: number; oldestAgeSeconds: number }>();
  for (const s of backlogSources) {
    try {
      out.set(s.service, await s.backlog());
    } catch {
      // database unreachable: keep the last value rather than failing the whole scrape
    }
  }
  return out;
}

/** The messaging metrics, labelled by service (and consumer for inbox counters). */
export const messagingMetrics = {
  outboxBacklog: once(
    'outbox_backlog_messages',
    () =>
      new Gauge({
        name: 'outbox_backlog_messages',
        help: 'Outbox rows not yet published',
        labelNames: ['service'],
        async collect() {
          for (const [service, b] of await collectBacklog()) this.set({ service }, b.pending);
        },
      }),
  ),
  outboxOldestAge: once(
    'outbox_oldest_pending_age_seconds',
    () =>
      new Gauge({
        name: 'outbox_oldest_pending_age_seconds',
        help: 'Age of the oldest unpublished outbox row (0 when none)',
        labelNames: ['service'],
        async collect() {
          for (const [service, b] of await collectBacklog()) this.set({ service }, b.oldestAgeSeconds);
        },
      }),
  ),
  outboxPublished: once(
    'outbox_published_total',
    () =>
      new Counter({
        name: 'outbox_published_total',
        help: 'Outbox rows published and marked sent',
        labelNames: ['service'],
      }),
  ),
  consumerProcessed: once(
    'inbox_processed_total',
    () =>
      new Counter({
        name: 'inbox_processed_total',
        help: 'Events applied by a consumer (effect committed)',
        labelNames: ['service', 'consumer'],
      }),
  ),
  consumerDuplicates: once(
    'inbox_duplicates_total',
    () =>
      new Counter({
        name: 'inbox_duplicates_total',
        help: 'Redelivered events skipped by the inbox',
        labelNames: ['service', 'consumer'],
      }),
  ),
  consumerRetries: once(
    'inbox_retries_total',
    () =>
      new Counter({
        name: 'inbox_retries_total',
        help: 'Handler attempts that failed and were retried',
        labelNames: ['service', 'consumer'],
      }),
  ),
  consumerDeadLettered: once(
    'inbox_dead_lettered_total',
    () =>
      new Counter({
        name: 'inbox_dead_lettered_total',
        help: 'Records sent to the dead-letter topic',
        labelNames: ['service', 'consumer', 'reason'],
      }),
  ),
  registerBacklogSource(s: OutboxBacklogSource): () => void {
    backlogSources.add(s);
    return () => backlogSources.delete(s);
  },
};
