import { EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { FactsService } from './facts.service';

/**
 * Every event the indicators are computed from; each is stored as a fact in the inbox transaction,
 * so a redelivery counts once (docs/architecture.md "Delivery guarantees").
 */
@InboxListener()
export class DepartmentEventsListener {
  constructor(private readonly facts: FactsService) {}

  /** Dibao, extreme-poverty, care and child standards (专栏1 indicators 1, 2, 4, 5, 9, 10). */
  @EventPattern('policy.parameter.value-scheduled')
  async onParameter(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  /** Towns and their names (indicator 19's denominator, the per-town charts). */
  @EventPattern('governance.division.registered')
  async onDivision(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  @EventPattern('governance.division.retired')
  async onDivisionRetired(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  /** Hub community organisations (indicator 17). */
  @EventPattern('governance.social-organisation.registered')
  async onOrganisation(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  @EventPattern('governance.social-organisation.changed')
  async onOrganisationChanged(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  /** Station towns and social workers (indicators 19, 20). */
  @EventPattern('governance.social-worker.assigned')
  async onSocialWorker(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  /** Disability subsidy cases (indicators 24, 25). */
  @EventPattern('assistance.case.approved')
  async onCaseApproved(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  @EventPattern('assistance.case.suspended')
  async onCaseSuspended(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  @EventPattern('assistance.case.terminated')
  async onCaseTerminated(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  @EventPattern('assistance.case.reinstated')
  async onCaseReinstated(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  /** Elders who must be visited monthly, and their visits (docs/domain.md §2 "Visits"). */
  @EventPattern('eldercare.elder.registered')
  async onElder(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  @EventPattern('eldercare.elder.situation-changed')
  async onElderSituation(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  @EventPattern('eldercare.visit.recorded')
  async onVisit(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  /** Policy finds people: alerts and their outcomes (and the eligible-not-covered of indicators 24, 25). */
  @EventPattern('policy.alert.raised')
  async onAlert(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }

  @EventPattern('policy.alert.resolved')
  async onAlertResolved(@Payload() e: EventEnvelope, @Ctx() ctx: InboxContext) {
    await this.facts.record(ctx.manager, e);
  }
}
