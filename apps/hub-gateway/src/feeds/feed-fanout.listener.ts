import { departmentOf, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { WebhookDeliveryService } from '../delivery/webhook-delivery.service';
import { HubGatewayConfig } from '../hub-gateway.config';
import { FEED_EVENT_TYPES, mayReceive } from './feed-policy';
import { FeedsService } from './feeds.service';

/**
 * Fans consumed events out to feed subscribers as thin messages (type, time, personRef, masked ID
 * and a link to the details, fetched with authorisation), each subscriber receiving only what the
 * roles it subscribed with allow. Runs in the inbox transaction: one event, one delivery per subscriber.
 */
@InboxListener()
export class FeedFanoutListener {
  constructor(
    private readonly feeds: FeedsService,
    private readonly deliveries: WebhookDeliveryService,
    private readonly config: HubGatewayConfig,
  ) {}

  @EventPattern([...FEED_EVENT_TYPES])
  async fanOut(@Payload() e: EventEnvelope<Record<string, unknown>>, @Ctx() ctx: InboxContext) {
    const department = departmentOf(e.type);
    const personRef = typeof e.data.personRef === 'string' ? e.data.personRef : null;
    const maskedId =
      typeof e.data.maskedId === 'string'
        ? e.data.maskedId
        : personRef
          ? await this.feeds.maskedIdOf(ctx.manager, personRef)
          : null;
    await this.feeds.record(ctx.manager, e, department, personRef, maskedId);
    const subs = await this.feeds.subscribers(ctx.manager, e.type);
    for (const s of subs) {
      if (!mayReceive(s.roles, e.type)) continue;
      const thin = {
        id: e.id,
        type: e.type,
        dataversion: e.dataversion,
        time: e.time,
        department,
        personRef,
        ...(maskedId ? { maskedId } : {}),
        link: `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/api/v1/feeds/events/${e.id}`,
      };
      await this.deliveries.enqueue(ctx.manager, {
        dedupeKey: `feed:${s.id}:${e.id}`,
        kind: 'feed',
        targetUrl: s.callback_url,
        payload: thin,
        subscriptionId: s.id,
      });
    }
  }
}
