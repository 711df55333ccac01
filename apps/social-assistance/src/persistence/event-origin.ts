import { EventOrigin, Sources } from '@civic/contracts';
import { correlation } from '@civic/platform';

/** The CloudEvents source of every event this service publishes. */
export const ASSISTANCE_SOURCE = Sources.assistance;

/** Origin of an event caused by the current HTTP request: its correlation id travels on. */
export function requestOrigin(subject?: string): EventOrigin {
  return { source: ASSISTANCE_SOURCE, ...(subject ? { subject } : {}), correlationId: correlation.current() };
}
