import { EventEnvelope, EventOrigin, Sources } from '@civic/contracts';
import { correlation } from '@civic/platform';

/** The CloudEvents source of every event this service publishes. */
export const CHILD_WELFARE_SOURCE = Sources['child-welfare'];

/** Origin of an event caused by the current HTTP request: its correlation id travels on. */
export function requestOrigin(): EventOrigin {
  return { source: CHILD_WELFARE_SOURCE, correlationId: correlation.current() };
}

/** Origin of an event caused by a consumed event: its correlation travels on, the event is the cause. */
export function causedBy(event: EventEnvelope): EventOrigin {
  return { source: CHILD_WELFARE_SOURCE, correlationId: event.correlationid, causationId: event.id };
}

/** Origin of an event the service raises on its own schedule (age-outs, deadlines). */
export function systemOrigin(): EventOrigin {
  return { source: CHILD_WELFARE_SOURCE };
}
