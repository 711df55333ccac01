import { CaseFacts, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { EconomicStatus } from './economic-status.service';

/** Social assistance's case events eldercare consumes: they keep the elder's economic status current. */
@InboxListener()
export class AssistanceCasesListener {
  constructor(private readonly status: EconomicStatus) {}

  @EventPattern('assistance.case.approved')
  async onApproved(@Payload() event: EventEnvelope<CaseFacts>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.status.enrolled(ctx, event.data);
  }

  @EventPattern('assistance.case.reinstated')
  async onReinstated(@Payload() event: EventEnvelope<CaseFacts>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.status.enrolled(ctx, event.data);
  }

  @EventPattern('assistance.case.suspended')
  async onSuspended(@Payload() event: EventEnvelope<CaseFacts>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.status.ended(ctx, event.data);
  }

  @EventPattern('assistance.case.terminated')
  async onTerminated(@Payload() event: EventEnvelope<CaseFacts>, @Ctx() ctx: InboxContext): Promise<void> {
    await this.status.ended(ctx, event.data);
  }
}
