import { EventEnvelope, EventOrigin, Sources } from '@civic/contracts';
import { correlation } from '@civic/platform';

/** The CloudEvents source of every event this service publishes. */
export const GOVERNANCE_SOURCE = Sources.governance;

/** Origin of an event caused by the current HTTP request: its correlation id travels on. */
export function requestOrigin(): EventOrigin {
  return { source: GOVERNANCE_SOURCE, correlationId: correlation.current() };
}

/** Origin of an event caused by a consumed event (causation and correlation carried on). */
export function eventOrigin(cause: EventEnvelope): EventOrigin {
  return { source: GOVERNANCE_SOURCE, correlationId: cause.correlationid, causationId: cause.id };
}

/** True for PostgreSQL's unique violation on the named constraint or index. */
export function isUniqueViolation(e: unknown, constraint: string): boolean {
  const err = e as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const d = err?.driverError ?? err;
  return d?.code === '23505' && d?.constraint === constraint;
}
