import { CreditListChangedV1Payload, EventEnvelope, SocialOrganisationRegisteredV1Payload } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { GovernanceCredit } from './governance-credit.service';

/** Every grassroots-governance event this service consumes; each runs in the inbox transaction. */
@InboxListener()
export class GovernanceEventsListener {
  constructor(private readonly credit: GovernanceCredit) {}

  @EventPattern('governance.social-organisation.registered')
  async onRegistered(
    @Payload() event: EventEnvelope<SocialOrganisationRegisteredV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    await this.credit.registered(ctx.manager, event.data);
  }

  @EventPattern('governance.social-organisation.credit-list-changed')
  async onCreditList(
    @Payload() event: EventEnvelope<CreditListChangedV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    await this.credit.listChanged(ctx.manager, event.data);
  }
}
