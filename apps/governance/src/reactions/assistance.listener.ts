import { CaseAcceptedV1Payload, CaseApprovedV1Payload, CaseTerminatedV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { HardshipService } from '../hardship/hardship.service';
import { VisitTasksService } from '../visit-tasks/visit-tasks.service';

/** Social assistance's events this service consumes (in the inbox transaction). */
@InboxListener()
export class AssistanceListener {
  constructor(
    private readonly tasks: VisitTasksService,
    private readonly hardship: HardshipService,
  ) {}

  /** An accepted application needs its home investigation (入户调查), done by the town's social workers. */
  @EventPattern('assistance.case.accepted')
  async onCaseAccepted(
    @Payload() event: EventEnvelope<CaseAcceptedV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    const d = event.data;
    await this.tasks.receive(ctx.manager, event, {
      requestedBy: 'assistance',
      kind: 'assistance-investigation',
      requestRef: d.caseId,
      personRef: d.personRef,
      town: d.town,
    });
  }

  /** An approved case makes its beneficiary a person in hardship whom a social worker should cover. */
  @EventPattern('assistance.case.approved')
  async onCaseApproved(
    @Payload() event: EventEnvelope<CaseApprovedV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    const d = event.data;
    await this.hardship.start(ctx.manager, {
      personRef: d.personRef,
      source: 'assistance',
      sourceRef: d.caseId,
      town: d.town,
      since: d.effectiveFrom,
    });
  }

  @EventPattern('assistance.case.terminated')
  async onCaseTerminated(
    @Payload() event: EventEnvelope<CaseTerminatedV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    await this.hardship.end(ctx.manager, 'assistance', event.data.caseId, event.data.effectiveFrom);
  }
}
