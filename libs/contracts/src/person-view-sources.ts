import { catalog } from './catalog';
import { departmentOf } from './topics';

/**
 * The event types the policy engine's person view is built from: every department's and the data
 * hub's, plus scheduled parameter values; not the engine's own alerts. One home for the rule, used
 * by the engine's consumer (apps/policy-engine/src/consumer/policy-events.transport.ts) and by the
 * topic retention policy (libs/messaging/src/kafka/topic-settings.ts): the view is rebuilt by
 * replaying these topics from offset 0, so they keep every record (retention.ms = -1).
 */
export function personViewEventTypes(): string[] {
  return [...new Set(catalog.map((d) => d.type))]
    .filter((t) => departmentOf(t) !== 'policy' || t === 'policy.parameter.value-scheduled')
    .sort();
}

/** The logical topics of personViewEventTypes(), sorted. */
export function personViewTopics(): string[] {
  const types = new Set(personViewEventTypes());
  return [...new Set(catalog.filter((d) => types.has(d.type)).map((d) => d.topic))].sort();
}
