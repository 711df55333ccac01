import { DeathRecordedV1Payload, EventEnvelope } from '@civic/contracts';
import { InboxContext, InboxListener } from '@civic/messaging';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { HardshipService } from '../hardship/hardship.service';
import { VisitTasksService } from '../visit-tasks/visit-tasks.service';
import { WorkersService } from '../workers/workers.service';

/** The data hub's life events this service consumes (in the inbox transaction). */
@InboxListener()
export class HubLifeEventsListener {
  constructor(
    private readonly tasks: VisitTasksService,
    private readonly workers: WorkersService,
    private readonly hardship: HardshipService,
  ) {}

  /**
   * A death (informal or formal) ends the person's assignments and hardship records and cancels their
   * open visit tasks, so
   * no social worker is sent to visit a dead person. A revoked record reopens nothing: the department
   * that still needs a visit asks again by its own event.
   */
  @EventPattern('hub.person.death-recorded')
  async onDeath(@Payload() event: EventEnvelope<DeathRecordedV1Payload>, @Ctx() ctx: InboxContext): Promise<void> {
    const d = event.data;
    if (d.status === 'revoked') {
      await this.tasks.forgetDeath(ctx.manager, d.personRef, d.revokesRecordId);
      return;
    }
    await this.tasks.recordDeath(ctx.manager, d.personRef, d.recordId, d.deathDate);
    await this.tasks.cancelForDeath(ctx.manager, event, d.personRef, d.deathDate);
    await this.workers.endForDeath(ctx.manager, d.personRef, d.deathDate);
    await this.hardship.endForDeath(ctx.manager, d.personRef, d.deathDate);
  }
}
