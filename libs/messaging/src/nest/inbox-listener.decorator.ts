import { applyDecorators, Controller, UseFilters } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { InboxErrorFilter } from './inbox-error.filter';

/** Marks a class of `@EventPattern` handlers: a controller whose errors reach the inbox transport intact. */
export function InboxListener(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(InboxErrorFilter));
}

/** The extras key the inbox transport reads to call a handler with a whole run. */
export const INBOX_RUN = 'inboxRun';

/**
 * Like `@EventPattern(type)`, for a handler that applies consecutive events of one run together:
 * it gets `@Payload() events: EventEnvelope[]` (offset order, one or more) and
 * `@Ctx() ctx: InboxRunContext`, and must have the effect of applying them one by one in that
 * order (docs/adr/0011-set-based-inbox-runs.md).
 */
export function InboxRunPattern(type: string): MethodDecorator {
  return EventPattern(type, { [INBOX_RUN]: true });
}
