import { CaseAcceptedV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { VisitTasksService } from '../visit-tasks/visit-tasks.service';

/** Social assistance's events this service consumes (in the inbox transaction). */
@InboxListener()
export class AssistanceListener {
  constructor(private readonly tasks: VisitTasksService) {}

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
}
