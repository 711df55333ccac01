import { randomBytes, randomUUID } from 'node:crypto';
import { allEventDefinitions, buildAsyncApiDocument, EventEnvelope } from '@civic/contracts';
import { AuthenticatedUser, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { refuseUrl } from '../delivery/outbound-url';
import { HubGatewayConfig } from '../hub-gateway.config';
import { FEED_EVENT_TYPES, mayReceive } from './feed-policy';

/** A subscriber of one event type, as the fan-out reads it. */
export interface FeedSubscriber {
  id: string;
  roles: string[];
  callback_url: string;
}

/**
 * Feed subscriptions (feed_subscription) and the events behind thin messages (feed_event): what a
 * caller may subscribe to and read is decided here by its roles (feed-policy.ts), in every route and
 * again at fan-out, so a role removed later stops both.
 */
@Injectable()
export class FeedsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly config: HubGatewayConfig,
  ) {}

  /** A new subscription; its HMAC secret is returned this once and never again. */
  async subscribe(user: AuthenticatedUser, callbackUrl: string, eventTypes: string[]) {
    const refused = eventTypes.filter((t) => !mayReceive(user.roles, t));
    if (refused.length)
      throw ProblemException.forbidden(`your roles do not allow receiving ${refused.join(', ')}`, {
        refusedEventTypes: refused,
      });
    const badUrl = refuseUrl(this.config.outboundRules(), user.sub, callbackUrl);
    if (badUrl) throw ProblemException.invalidField('callbackUrl', 'isAllowedCallbackUrl', `callbackUrl ${badUrl}`);
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    const types = [...new Set(eventTypes)];
    await this.dataSource.query(
      `INSERT INTO feed_subscription (id, owner, roles, callback_url, secret, event_types, status) VALUES ($1, $2, $3, $4, $5, $6, 'active')`,
      [id, user.sub, user.roles, callbackUrl, secret, types],
    );
    return { id, callbackUrl, eventTypes: types, status: 'active', secret };
  }

  /** The caller's subscriptions, without secrets. */
  async list(user: AuthenticatedUser, limit: number, offset: number) {
    const rows = await this.dataSource.query(
      `SELECT id, callback_url, event_types, status, created_at, count(*) OVER () AS total FROM feed_subscription WHERE owner = $1 ORDER BY created_at, id LIMIT $2 OFFSET $3`,
      [user.sub, limit, offset],
    );
    return {
      total: rows.length ? Number(rows[0].total) : 0,
      items: rows.map((r: Record<string, unknown>) => ({
        id: r.id,
        callbackUrl: r.callback_url,
        eventTypes: r.event_types,
        status: r.status,
        createdAt: r.created_at,
      })),
    };
  }

  /** Ends one of the caller's active subscriptions; another owner's is as unknown as a missing one. */
  async end(user: AuthenticatedUser, id: string): Promise<void> {
    const [, affected] = await this.dataSource.query(
      `UPDATE feed_subscription SET status = 'ended' WHERE id = $1 AND owner = $2 AND status = 'active'`,
      [id, user.sub],
    );
    if (!affected) throw ProblemException.notFound('active feed subscription', id);
  }

  /** The full event behind a thin message, if the caller's roles allow its type. */
  async event(user: AuthenticatedUser, id: string) {
    const [row] = await this.dataSource.query(
      `SELECT event_id, event_type, department, occurred_at, data FROM feed_event WHERE event_id = $1`,
      [id],
    );
    if (!row) throw ProblemException.notFound('feed event', id);
    if (!mayReceive(user.roles, row.event_type))
      throw ProblemException.forbidden(`your roles do not allow reading ${row.event_type}`);
    return {
      id: row.event_id,
      type: row.event_type,
      department: row.department,
      time: new Date(row.occurred_at).toISOString(),
      data: row.data,
    };
  }

  /** AsyncAPI document of the feed event types, for consumers reading the Kafka topics directly. */
  asyncApi() {
    const types = new Set<string>(FEED_EVENT_TYPES);
    return buildAsyncApiDocument(
      allEventDefinitions().filter((d) => types.has(d.type)),
      { deadLetters: false },
    );
  }

  /** Keeps a consumed event for GET feeds/events/{id}; a redelivery changes nothing. */
  async record(
    manager: EntityManager,
    e: EventEnvelope<Record<string, unknown>>,
    department: string,
    personRef: string | null,
    maskedId: string | null,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO feed_event (event_id, event_type, department, person_ref, masked_id, occurred_at, data) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (event_id) DO NOTHING`,
      [e.id, e.type, department, personRef, maskedId, e.time, JSON.stringify(e.data)],
    );
  }

  /** Active subscriptions to an event type (the roles are checked again by the caller). */
  subscribers(manager: EntityManager, eventType: string): Promise<FeedSubscriber[]> {
    return manager.query(
      `SELECT id, roles, callback_url FROM feed_subscription WHERE status = 'active' AND $1 = ANY(event_types)`,
      [eventType],
    );
  }

  /** The masked ID of a person known from the read model or from the gateway's own records. */
  async maskedIdOf(manager: EntityManager, personRef: string): Promise<string | null> {
    const [row] = await manager.query(
      `SELECT masked_id FROM rm_member WHERE person_ref = $1 UNION ALL SELECT masked_id FROM person_identity WHERE person_ref = $1 LIMIT 1`,
      [personRef],
    );
    return row?.masked_id ?? null;
  }
}
