import { EventEnvelope, ParameterValueScheduledV1Payload } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { ChildParameters } from '../parameters/child-parameters';

/** Parameter values scheduled by their owning services (e.g. a new dibao standard from social assistance). */
@InboxListener()
export class PolicyParametersListener {
  constructor(private readonly params: ChildParameters) {}

  @EventPattern('policy.parameter.value-scheduled')
  async onScheduled(
    @Payload() event: EventEnvelope<ParameterValueScheduledV1Payload>,
    @Ctx() ctx: InboxContext,
  ): Promise<void> {
    await this.params.record(ctx.manager, event.data);
  }
}
