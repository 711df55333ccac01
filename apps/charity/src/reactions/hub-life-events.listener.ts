import { DeathRecordedV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DeathReactions } from './death-reactions.service';

/** Every data-hub life event this service consumes; each runs in the inbox transaction. */
@InboxListener()
export class HubLifeEventsListener {
  constructor(private readonly deaths: DeathReactions) {}

  @EventPattern('hub.person.death-recorded')
  async onDeath(@Payload() event: EventEnvelope<DeathRecordedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.deaths.apply(ctx.manager, event);
  }
}
