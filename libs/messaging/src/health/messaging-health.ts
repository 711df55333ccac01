import { createKafka, KafkaConnection } from '../kafka/kafka-config';
import { OutboxRelay } from '../outbox/outbox-relay';

/** One readiness check's answer, in the shape the platform's readiness registry takes. */
export interface HealthCheckResult {
  ok: boolean;
  /** Passing, but a dependency is missing (see OutboxRelayService.readiness). */
  degraded?: boolean;
  detail?: string;
}

/** Whether the broker answers a metadata request within timeoutMs. */
export async function brokerHealth(conn: KafkaConnection, timeoutMs = 3_000): Promise<HealthCheckResult> {
  const admin = createKafka({ ...conn, clientId: `${conn.clientId}-health` }).admin({ retry: { retries: 0 } });
  let timer: NodeJS.Timeout | undefined;
  try {
    const cluster = await Promise.race([
      admin.connect().then(() => admin.describeCluster()),
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs)),
      ),
    ]);
    return { ok: true, detail: `${cluster.brokers.length} broker(s), controller ${cluster.controller}` };
  } catch (e) {
    return { ok: false, detail: e instanceof Error ? e.message : String(e) };
  } finally {
    clearTimeout(timer);
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * Whether the relay is publishing: a leader must have completed a cycle recently; a standby is
 * healthy while its session to PostgreSQL is up (it takes over when the leader's ends).
 */
export function relayHealth(relay: OutboxRelay, staleAfterMs = 30_000): HealthCheckResult {
  const s = relay.status();
  if (s.role === 'standby') return { ok: true, detail: 'standby (another instance holds the outbox lock)' };
  if (s.role !== 'leader') return { ok: false, detail: `${s.role}${s.lastError ? ': ' + s.lastError : ''}` };
  const age = s.lastCycleAt ? Date.now() - s.lastCycleAt.getTime() : Infinity;
  return age <= staleAfterMs
    ? { ok: true, detail: 'leader' }
    : {
        ok: false,
        detail: `leader, but no cycle for ${Math.round(age / 1000)} s${s.lastError ? ': ' + s.lastError : ''}`,
      };
}

/** Readiness checks `broker` and `relay` for the platform's readiness registry. */
export async function messagingHealth(
  conn: KafkaConnection,
  relay?: OutboxRelay,
): Promise<Record<string, HealthCheckResult>> {
  return { broker: await brokerHealth(conn), ...(relay ? { relay: relayHealth(relay) } : {}) };
}
