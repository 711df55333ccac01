import {
  ABSENCE_REASONS,
  AbsenceEndedV1Payload,
  AbsenceRecordedV1Payload,
  DeathRecordedV1Payload,
  DisabilityCertifiedV1Payload,
  EventEnvelope,
  ImprisonedV1Payload,
  ReleasedV1Payload,
} from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ParentSituation } from '../categories/category-rules';
import { ChildDeaths } from '../deaths/child-deaths.service';
import { Reclassification } from '../classification/reclassification.service';
import { ChildParameters } from '../parameters/child-parameters';
import { causedBy } from '../persistence/event-origin';

/** The parent situation each hub absence reason records. */
const ABSENCE_SITUATION: Record<(typeof ABSENCE_REASONS)[number], ParentSituation> = {
  imprisonment: 'imprisoned',
  'compulsory-rehabilitation': 'compulsory-rehabilitation',
  missing: 'missing',
  deportation: 'deported',
};

/**
 * Life events from the data hub that change a parent's situation. Each runs in the inbox transaction
 * (ctx.manager): the situation, the re-classified children, their allowances and the outbox rows commit
 * with the inbox row, so a redelivered event has no second effect.
 */
@InboxListener()
export class HubLifeEventsListener {
  constructor(
    private readonly reclassification: Reclassification,
    private readonly params: ChildParameters,
    private readonly deaths: ChildDeaths,
  ) {}

  @EventPattern('hub.person.death-recorded')
  async onDeath(@Payload() event: EventEnvelope<DeathRecordedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    const d = event.data;
    // an informal record already counts: the child must not wait for the paperwork to be protected
    if (d.status === 'revoked') {
      // the death fact goes first, so the payments the revocation reissues see no death
      await this.reclassification.endSituation(ctx.manager, d.personRef, 'dead', d.deathDate, causedBy(event));
      // the person may be a child here: what their death did is undone (docs/adr/0009-revoked-death-records.md)
      return this.deaths.revoked(ctx.manager, d.personRef, event);
    }
    await this.reclassification.recordSituation(ctx.manager, d.personRef, 'dead', d.deathDate, 'hub', causedBy(event));
    // the person may be a child here: they leave care, the allowance stops, later months' payments are withheld
    await this.deaths.recorded(ctx.manager, d.personRef, d.deathDate, event);
  }

  @EventPattern('hub.person.imprisoned')
  async onImprisoned(@Payload() event: EventEnvelope<ImprisonedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    const d = event.data;
    await this.reclassification.recordSituation(
      ctx.manager,
      d.personRef,
      'imprisoned',
      d.fromDate,
      'hub',
      causedBy(event),
    );
  }

  @EventPattern('hub.person.released')
  async onReleased(@Payload() event: EventEnvelope<ReleasedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    const d = event.data;
    await this.reclassification.endSituation(ctx.manager, d.personRef, 'imprisoned', d.releasedOn, causedBy(event));
  }

  @EventPattern('hub.person.disability-certified')
  async onDisability(
    @Payload() event: EventEnvelope<DisabilityCertifiedV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    const d = event.data;
    // severe = the levels the nursing subsidy covers, the policy engine's reading in its de-facto-unsupported rule
    const severeUpTo = this.params.number('disability.nursing_subsidy.max_level', d.certifiedOn);
    if (d.level <= severeUpTo)
      await this.reclassification.recordSituation(
        ctx.manager,
        d.personRef,
        'severe-disability',
        d.certifiedOn,
        'hub',
        causedBy(event),
      );
  }

  @EventPattern('hub.person.absence-recorded')
  async onAbsence(@Payload() event: EventEnvelope<AbsenceRecordedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    const d = event.data;
    await this.reclassification.recordSituation(
      ctx.manager,
      d.personRef,
      ABSENCE_SITUATION[d.reason],
      d.fromDate,
      'hub',
      causedBy(event),
    );
  }

  @EventPattern('hub.person.absence-ended')
  async onAbsenceEnded(
    @Payload() event: EventEnvelope<AbsenceEndedV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    const d = event.data;
    await this.reclassification.endSituation(
      ctx.manager,
      d.personRef,
      ABSENCE_SITUATION[d.reason],
      d.endedOn,
      causedBy(event),
    );
  }
}
