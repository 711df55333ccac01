import {
  DeathRecordedV1Payload,
  DisabilityCertifiedV1Payload,
  EventEnvelope,
  HospitalBillSettledV1Payload,
  UnemploymentRegisteredV1Payload,
} from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { DisabilityLevel } from '../households/household.model';
import { DeathReactions } from './death-reactions.service';
import { Reassessment } from './reassessment.service';

/**
 * Every event this service consumes, in one place, so what the service depends on is readable
 * without searching. Each runs inside the inbox transaction (ctx.manager): effect, outbox rows and the
 * inbox row commit together, so a redelivered event has no second effect.
 */
@InboxListener()
export class HubLifeEventsListener {
  constructor(
    private readonly deaths: DeathReactions,
    private readonly reassessment: Reassessment,
  ) {}

  @EventPattern('hub.person.death-recorded')
  async onDeath(@Payload() event: EventEnvelope<DeathRecordedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.deaths.apply(ctx.manager, event);
  }

  @EventPattern('hub.person.disability-certified')
  async onDisability(
    @Payload() event: EventEnvelope<DisabilityCertifiedV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    const { personRef, level, certifiedOn } = event.data;
    await this.reassessment.apply(ctx.manager, event, {
      kind: 'disability-certified',
      reason: `disability level ${level} certified on ${certifiedOn} (data hub)`,
      effectiveDate: certifiedOn,
      touchesIncome: false,
      mutate: (h) => ({
        ...h,
        members: h.members.map((x) =>
          x.personRef === personRef ? { ...x, disabilityLevel: level as DisabilityLevel } : x,
        ),
      }),
    });
  }

  @EventPattern('hub.person.hospital-bill-settled')
  async onHospitalBill(
    @Payload() event: EventEnvelope<HospitalBillSettledV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    const { selfPaidFen, billDate } = event.data;
    await this.reassessment.apply(ctx.manager, event, {
      kind: 'hospital-bill-settled',
      reason: `hospital bill of ${billDate}: ${selfPaidFen} fen self-paid (data hub)`,
      effectiveDate: billDate,
      touchesIncome: false,
      // self-paid medical spending is rigid spending (expenditure-type hardship)
      mutate: (h) => ({
        ...h,
        rigidExpenditure: { ...h.rigidExpenditure, medical: h.rigidExpenditure.medical + selfPaidFen },
      }),
    });
  }

  @EventPattern('hub.person.unemployment-registered')
  async onUnemployment(
    @Payload() event: EventEnvelope<UnemploymentRegisteredV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    const { personRef, registeredOn } = event.data;
    await this.reassessment.apply(ctx.manager, event, {
      kind: 'unemployment-registered',
      reason: `registered unemployed on ${registeredOn} (data hub): wage income ends`,
      effectiveDate: registeredOn,
      touchesIncome: true,
      mutate: (h) => ({ ...h, incomes: h.incomes.filter((l) => !(l.personRef === personRef && l.source === 'wages')) }),
    });
  }
}
