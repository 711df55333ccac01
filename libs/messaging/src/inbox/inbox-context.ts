import { EventEnvelope, EventOrigin } from '@civic/contracts';
import { BaseRpcContext } from '@nestjs/microservices';
import { EntityManager } from 'typeorm';

/** Where a consumed record came from. */
export interface RecordOrigin {
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
  attempt: number;
}

/**
 * What a handler gets beside the event (`@Ctx() ctx: InboxContext`): `manager` belongs to the
 * inbox transaction, so the effect, any events appended to the outbox and the inbox row commit together.
 */
export class InboxContext extends BaseRpcContext<[EntityManager, EventEnvelope, RecordOrigin]> {
  constructor(
    readonly manager: EntityManager,
    readonly event: EventEnvelope,
    readonly record: RecordOrigin,
    private readonly service: string,
  ) {
    super([manager, event, record]);
  }

  /** Origin for an event caused by this one: same correlation id, causation = this event, so a chain of events can be traced. */
  origin(subject: string): EventOrigin {
    return {
      source: `/civic/${this.service}`,
      subject,
      correlationId: this.event.correlationid,
      causationId: this.event.id,
    };
  }
}

/**
 * What a run handler gets (`@InboxRunPattern`): the events of a run share one inbox transaction,
 * `manager`; `contexts[i]` is the InboxContext of `events[i]` (origin, attempt).
 */
export class InboxRunContext extends BaseRpcContext<[EntityManager, InboxContext[]]> {
  constructor(
    readonly manager: EntityManager,
    readonly contexts: InboxContext[],
  ) {
    super([manager, contexts]);
  }
}
