import { applyDecorators, Controller, UseFilters } from '@nestjs/common';
import { InboxErrorFilter } from './inbox-error.filter';

/** Marks a class of `@EventPattern` handlers: a controller whose errors reach the inbox transport intact. */
export function InboxListener(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(InboxErrorFilter));
}
