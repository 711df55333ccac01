import { EventEnvelope, VisitOverdueV1Payload } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { VisitTasksService } from '../visit-tasks/visit-tasks.service';

/** Eldercare's events this service consumes (in the inbox transaction, so a redelivery has no second effect). */
@InboxListener()
export class EldercareListener {
  constructor(private readonly tasks: VisitTasksService) {}

  /** An overdue monthly visit is eldercare's request for a social worker (docs/domain.md §5). */
  @EventPattern('eldercare.visit.overdue')
  async onVisitOverdue(
    @Payload() event: EventEnvelope<VisitOverdueV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    const d = event.data;
    await this.tasks.receive(ctx.manager, event, {
      requestedBy: 'eldercare',
      kind: 'elder-visit',
      requestRef: d.elderId,
      personRef: d.personRef,
      town: d.town,
    });
  }
}
