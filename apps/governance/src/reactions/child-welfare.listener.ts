import { EventEnvelope, ProtectionReportFiledV1Payload } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { VisitTasksService } from '../visit-tasks/visit-tasks.service';

/** Child welfare's events this service consumes (in the inbox transaction). */
@InboxListener()
export class ChildWelfareListener {
  constructor(private readonly tasks: VisitTasksService) {}

  /** A mandatory report needs a home visit to the child (plan 三（三）1 发现报告、评估帮扶). */
  @EventPattern('child-welfare.protection-report.filed')
  async onProtectionReport(
    @Payload() event: EventEnvelope<ProtectionReportFiledV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    const d = event.data;
    await this.tasks.receive(ctx.manager, event, {
      requestedBy: 'child-welfare',
      kind: 'child-visit',
      requestRef: d.reportId,
      personRef: d.personRef,
      town: d.town,
    });
  }
}
