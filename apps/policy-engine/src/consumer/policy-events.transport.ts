import { allEventDefinitions, departmentOf } from '@civic/contracts';
import { InboxContext, inboxTransportFor, InboxTransport } from '@civic/messaging';
import { INestApplicationContext } from '@nestjs/common';
import { PolicyEventsListener } from './policy-events.listener';

/**
 * Every event type of every department and the data hub, plus scheduled parameter values: the
 * person view needs them all (issue 5), and a type the view does not use yet is still consumed and
 * acknowledged. The engine's own alert events are not consumed.
 */
export function consumedEventTypes(): string[] {
  return [...new Set(allEventDefinitions().map((d) => d.type))]
    .filter((t) => departmentOf(t) !== 'policy' || t === 'policy.parameter.value-scheduled')
    .sort();
}

/** The logical topics the engine reads. */
export function consumedTopics(): string[] {
  const types = new Set(consumedEventTypes());
  return [
    ...new Set(
      allEventDefinitions()
        .filter((d) => types.has(d.type))
        .map((d) => d.topic),
    ),
  ].sort();
}

/** The inbox transport with one handler per consumed type (one consumer per topic, so a slow topic starves no other). */
export function policyEventsTransport(app: INestApplicationContext): InboxTransport {
  const transport = inboxTransportFor(app);
  const engine = app.get(PolicyEventsListener);
  for (const type of consumedEventTypes()) {
    transport.addHandler(
      type,
      (event: Parameters<PolicyEventsListener['handle']>[0], ctx: InboxContext) => engine.handle(event, ctx),
      true,
    );
  }
  return transport;
}
