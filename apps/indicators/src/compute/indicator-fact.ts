import { shanghaiDate } from '@civic/calendar';
import { EventEnvelope } from '@civic/contracts';

/**
 * A consumed payload. The inbox has validated it against its catalog definition; each indicator
 * selects facts by type and reads that type's fields, so a per-type union would add only casts.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FactData = Record<string, any>;

/**
 * One consumed event as the read model keeps it: the envelope's identity, the business day it
 * counts from and its town, plus the validated payload. Indicators are folds over these facts up
 * to a date, so any date can be computed and every figure names the events it came from.
 */
export interface IndicatorFact {
  eventId: string;
  type: string;
  subject: string;
  /** The Asia/Shanghai business day from which the fact counts. */
  occurredOn: string;
  town: string | null;
  data: FactData;
}

// The payload field holding the business day of each consumed type. A type absent here counts
// from the Shanghai date of its envelope time (eldercare.elder.registered carries no date).
const DAY_FIELD: Record<string, string> = {
  'policy.parameter.value-scheduled': 'effectiveFrom',
  'governance.division.registered': 'effectiveFrom',
  'governance.division.retired': 'retiredOn',
  'governance.social-organisation.registered': 'registeredOn',
  'governance.social-organisation.changed': 'changedOn',
  'governance.social-worker.assigned': 'assignedOn',
  'assistance.case.approved': 'effectiveFrom',
  'assistance.case.suspended': 'effectiveFrom',
  'assistance.case.terminated': 'effectiveFrom',
  'assistance.case.reinstated': 'effectiveFrom',
  'eldercare.elder.situation-changed': 'changedOn',
  'eldercare.visit.recorded': 'visitedOn',
  'policy.alert.resolved': 'resolvedOn',
};

/** The fact an event contributes (its day from the payload, else from the envelope time). */
export function factOf(event: EventEnvelope): IndicatorFact {
  const data = event.data as FactData;
  const field = DAY_FIELD[event.type];
  // an alert counts from the day its rule was evaluated for (explanation.date), not the relay's time
  const day =
    event.type === 'policy.alert.raised'
      ? (data.explanation?.date as string)
      : field
        ? (data[field] as string)
        : shanghaiDate(event.time);
  const town = typeof data.town === 'string' ? data.town : divisionTown(event.type, data);
  return { eventId: event.id, type: event.type, subject: event.subject, occurredOn: day, town, data };
}

/** A division's town: its own code for a town, its parent for a village. */
function divisionTown(type: string, data: FactData): string | null {
  if (!type.startsWith('governance.division.')) return null;
  if (data.level === 'town') return data.code as string;
  return typeof data.townCode === 'string' ? data.townCode : null;
}
