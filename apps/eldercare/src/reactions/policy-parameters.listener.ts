import { EventEnvelope, ParameterValueScheduledV1Payload } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ElderParameters } from '../parameters/elder-parameters';

/**
 * Parameter values scheduled at runtime by their owning services (e.g. a new high-age band amount):
 * kept here; the daily run re-decides the grants they affect on the day they take effect.
 */
@InboxListener()
export class PolicyParametersListener {
  constructor(private readonly params: ElderParameters) {}

  @EventPattern('policy.parameter.value-scheduled')
  async onScheduled(
    @Payload() event: EventEnvelope<ParameterValueScheduledV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    await this.params.record(ctx.manager, event.data);
  }
}
