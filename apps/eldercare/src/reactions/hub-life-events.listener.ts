import { DeathRecordedV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DeathReactions } from './death-reactions.service';

/** The data hub's life events eldercare consumes; each runs inside the inbox transaction (ctx.manager). */
@InboxListener()
export class HubLifeEventsListener {
  constructor(private readonly deaths: DeathReactions) {}

  @EventPattern('hub.person.death-recorded')
  async onDeath(@Payload() event: EventEnvelope<DeathRecordedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.deaths.apply(event, ctx);
  }
}
