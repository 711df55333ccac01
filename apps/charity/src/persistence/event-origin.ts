import { EventOrigin, Sources } from '@civic/contracts';
import { correlation } from '@civic/platform';

/** Origin of an event caused by the current HTTP request: its correlation id travels on. */
export function requestOrigin(subject?: string): EventOrigin {
  return { source: Sources.charity, ...(subject ? { subject } : {}), correlationId: correlation.current() };
}
