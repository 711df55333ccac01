import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { HubGatewayConfig } from '../hub-gateway.config';
import { HubSigner } from '../dci/signing/hub-signer.service';
import { backoffMs } from './backoff';
import { postOutbound } from './outbound-post';
import { refuseUrl } from './outbound-url';
import { feedSignature } from './webhook-signature';

/** A webhook to send: a DCI callback (signed Ed25519 when sent) or a thin feed message (HMAC with the subscription's secret). */
export interface WebhookRequest {
  /** Unique per logical delivery, so re-handling an event enqueues nothing twice. */
  dedupeKey: string;
  kind: 'dci' | 'feed';
  targetUrl: string;
  /** dci: { header, message }; feed: the thin message. */
  payload: Record<string, unknown>;
  subscriptionId?: string;
}

const CLAIM_LEASE = `interval '5 minutes'`;
const BATCH = 20;

/**
 * Outgoing webhooks through a table (an outbox for HTTP): enqueued in the transaction of the
 * change that causes them, sent by a poller with retries, exponential backoff and a final
 * `failed` state. Signing happens at send time, so a retry hours later carries a fresh signature.
 * Order across deliveries is not guaranteed; each message carries its own time.
 */
@Injectable()
export class WebhookDeliveryService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('WebhookDelivery');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubGatewayConfig,
    private readonly signer: HubSigner,
  ) {}

  /** Enqueues in the caller's transaction; a second request with the same dedupe key is ignored. */
  async enqueue(manager: EntityManager, r: WebhookRequest): Promise<void> {
    await manager.query(
      `INSERT INTO webhook_delivery (dedupe_key, kind, target_url, payload, subscription_id) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING`,
      [r.dedupeKey, r.kind, r.targetUrl, JSON.stringify(r.payload), r.subscriptionId ?? null],
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.DELIVERY_POLL_INTERVAL_MS > 0) this.schedule();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Sends what is due once (the poller calls it; tests may too). Returns how many were attempted. */
  async runOnce(): Promise<number> {
    const due = await this.dataSource.query(
      `UPDATE webhook_delivery SET attempts = attempts + 1, next_attempt_at = now() + ${CLAIM_LEASE}
       WHERE id IN (SELECT id FROM webhook_delivery WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
       RETURNING id, kind, target_url, payload, subscription_id, attempts`,
    );
    const rows = (Array.isArray(due[0]) ? due[0] : due) as DeliveryRow[];
    await Promise.all(rows.map((row) => this.attempt(row)));
    return rows.length;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce()
        .catch((e) => this.logger.warn({ msg: `delivery poll failed: ${(e as Error).message}` }))
        .then(() => this.schedule());
    }, this.config.DELIVERY_POLL_INTERVAL_MS);
  }

  private async attempt(row: DeliveryRow): Promise<void> {
    let error: string;
    try {
      const request = await this.render(row);
      if (!request) {
        await this.dataSource.query(
          `UPDATE webhook_delivery SET status = 'cancelled', last_error = 'subscription ended' WHERE id = $1`,
          [row.id],
        );
        return;
      }
      const rules = this.config.outboundRules();
      // checked again at send time: the allow-list may have changed since the URL was registered
      const refused = refuseUrl(rules, request.owner, row.target_url);
      if (refused) {
        await this.dataSource.query(`UPDATE webhook_delivery SET status = 'failed', last_error = $2 WHERE id = $1`, [
          row.id,
          `target URL ${refused}`,
        ]);
        this.logger.warn({ msg: `webhook ${row.id} refused: target URL ${refused}` });
        return;
      }
      const res = await postOutbound(row.target_url, request.headers, request.body, {
        timeoutMs: this.config.DELIVERY_TIMEOUT_MS,
        maxResponseBytes: this.config.DELIVERY_MAX_RESPONSE_BYTES,
        allowPrivateNetworks: rules.allowPrivateNetworks,
      });
      if (res.status >= 200 && res.status < 300) {
        await this.dataSource.query(
          `UPDATE webhook_delivery SET status = 'delivered', delivered_at = now(), last_error = NULL WHERE id = $1`,
          [row.id],
        );
        return;
      }
      error = `HTTP ${res.status}`;
    } catch (e) {
      error = (e as Error).message;
    }
    const failed = row.attempts >= this.config.DELIVERY_MAX_ATTEMPTS;
    const delay = backoffMs(row.attempts, this.config.DELIVERY_BACKOFF_MS, this.config.DELIVERY_MAX_BACKOFF_MS);
    await this.dataSource.query(
      `UPDATE webhook_delivery SET status = $2, last_error = $3, next_attempt_at = now() + ($4 || ' milliseconds')::interval WHERE id = $1`,
      [row.id, failed ? 'failed' : 'pending', error.slice(0, 500), String(delay)],
    );
    if (failed) this.logger.warn({ msg: `webhook ${row.id} failed after ${row.attempts} attempts: ${error}` });
  }

  /** The request to send and whose allow-list its URL must be on (the DCI receiver, the feed's subscriber). */
  private async render(
    row: DeliveryRow,
  ): Promise<{ headers: Record<string, string>; body: string; owner: string } | undefined> {
    if (row.kind === 'dci') {
      const { header, message } = row.payload as { header: Record<string, unknown>; message: unknown };
      const fresh = { ...header, message_ts: new Date().toISOString() };
      const body = JSON.stringify({ signature: this.signer.sign(fresh, message), header: fresh, message });
      return { headers: { 'content-type': 'application/json' }, body, owner: String(header.receiver_id) };
    }
    const [sub] = await this.dataSource.query(`SELECT secret, status, owner FROM feed_subscription WHERE id = $1`, [
      row.subscription_id,
    ]);
    if (!sub || sub.status !== 'active') return undefined;
    const body = JSON.stringify(row.payload);
    return {
      headers: {
        'content-type': 'application/json',
        'x-civic-signature': feedSignature(sub.secret, body, Math.floor(Date.now() / 1000)),
        'x-civic-delivery': String(row.id),
      },
      body,
      owner: sub.owner,
    };
  }
}

interface DeliveryRow {
  id: string;
  kind: 'dci' | 'feed';
  target_url: string;
  payload: Record<string, unknown>;
  subscription_id: string | null;
  attempts: number;
}
