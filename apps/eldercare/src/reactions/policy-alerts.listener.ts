import { AlertRaisedV1Payload, AlertResolvedV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { WorkQueueService } from '../work-queue/work-queue.service';

/** The policy engine's alerts: eldercare's enter the work queue, and leave it when resolved. */
@InboxListener()
export class PolicyAlertsListener {
  constructor(private readonly queue: WorkQueueService) {}

  @EventPattern('policy.alert.raised')
  async onRaised(@Payload() event: EventEnvelope<AlertRaisedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    if (event.data.department === 'eldercare') await this.queue.open(ctx.manager, event.data);
  }

  @EventPattern('policy.alert.resolved')
  async onResolved(@Payload() event: EventEnvelope<AlertResolvedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    if (event.data.department === 'eldercare') await this.queue.close(ctx.manager, event.data);
  }
}
