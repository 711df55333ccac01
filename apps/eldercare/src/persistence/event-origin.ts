import { EventOrigin, Sources } from '@civic/contracts';
import { correlation } from '@civic/platform';

/** The CloudEvents source of every event this service publishes. */
export const ELDERCARE_SOURCE = Sources.eldercare;

/** Origin of an event caused by the current HTTP request: its correlation id travels on. */
export function requestOrigin(subject?: string): EventOrigin {
  return { source: ELDERCARE_SOURCE, ...(subject ? { subject } : {}), correlationId: correlation.current() };
}

/** Origin of an event the service's own dated work caused (no request behind it). */
export function scheduledOrigin(): EventOrigin {
  return { source: ELDERCARE_SOURCE };
}
