import { AlertRaisedV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ReferralsService } from '../referrals/referrals.service';

/** Every policy-engine event this service consumes; each runs in the inbox transaction. */
@InboxListener()
export class PolicyAlertsListener {
  constructor(private readonly referrals: ReferralsService) {}

  /** Charity alerts (e.g. charity-major-illness-referral) join a help centre's referral queue. */
  @EventPattern('policy.alert.raised')
  async onAlert(@Payload() event: EventEnvelope<AlertRaisedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.referrals.fromAlert(ctx.manager, event);
  }
}
