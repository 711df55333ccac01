import {
  EventEnvelope,
  HouseholdEligibilityChangedV1Payload,
  HouseholdMemberAddedV1Payload,
  HouseholdRegisteredV1Payload,
} from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { PersonFacts } from '../classification/person-facts.service';
import { causedBy } from '../persistence/event-origin';
import { shanghaiDate } from '@civic/calendar';

const POVERTY_PROGRAMMES = new Set(['dibao', 'extreme-poverty']);

/** Social assistance's household facts: members' disability and serious illness, the household's dibao status. */
@InboxListener()
export class AssistanceHouseholdsListener {
  constructor(private readonly facts: PersonFacts) {}

  @EventPattern('assistance.household.registered')
  async onRegistered(
    @Payload() event: EventEnvelope<HouseholdRegisteredV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    const d = event.data;
    await this.facts.householdMembers(ctx.manager, d.householdId, d.members, shanghaiDate(event.time), causedBy(event));
  }

  @EventPattern('assistance.household.member-added')
  async onMemberAdded(
    @Payload() event: EventEnvelope<HouseholdMemberAddedV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    const d = event.data;
    await this.facts.householdMembers(
      ctx.manager,
      d.householdId,
      [d.member],
      shanghaiDate(event.time),
      causedBy(event),
    );
  }

  @EventPattern('assistance.household.eligibility-changed')
  async onEligibility(
    @Payload() event: EventEnvelope<HouseholdEligibilityChangedV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    const d = event.data;
    const relevant = d.changes.filter((c) => POVERTY_PROGRAMMES.has(c.programme));
    if (relevant.length === 0) return;
    await this.facts.householdPoverty(
      ctx.manager,
      d.householdId,
      relevant.some((c) => c.eligibleAfter),
      d.checkedOn,
      causedBy(event),
    );
  }
}
