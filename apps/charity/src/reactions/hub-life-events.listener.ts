import { DeathRecordedV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ReferralsService } from '../referrals/referrals.service';

/** Every data-hub life event this service consumes; each runs in the inbox transaction. */
@InboxListener()
export class HubLifeEventsListener {
  constructor(private readonly referrals: ReferralsService) {}

  @EventPattern('hub.person.death-recorded')
  async onDeath(@Payload() event: EventEnvelope<DeathRecordedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.referrals.onDeath(ctx.manager, event);
  }
}
