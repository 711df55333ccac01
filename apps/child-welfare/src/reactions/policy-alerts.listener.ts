import { AlertRaisedV1Payload, AlertResolvedV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { WorkQueue } from '../work-queue/work-queue.service';

/** The policy engine's alerts for child welfare (orphan, de-facto unsupported, education aid) into the work queue. */
@InboxListener()
export class PolicyAlertsListener {
  constructor(private readonly queue: WorkQueue) {}

  @EventPattern('policy.alert.raised')
  async onRaised(@Payload() event: EventEnvelope<AlertRaisedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.queue.add(ctx.manager, event);
  }

  @EventPattern('policy.alert.resolved')
  async onResolved(@Payload() event: EventEnvelope<AlertResolvedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    if (event.data.department === 'child-welfare')
      await this.queue.closeResolved(ctx.manager, event.data.alertId, event.data.outcome);
  }
}
