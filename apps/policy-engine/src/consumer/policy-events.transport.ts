import { personViewEventTypes, personViewTopics } from '@civic/contracts';
import { InboxContext, inboxTransportFor, InboxTransport } from '@civic/messaging';
import { INestApplicationContext } from '@nestjs/common';
import { PolicyEventsListener } from './policy-events.listener';

/**
 * Every event type of every department and the data hub, plus scheduled parameter values: the
 * person view needs them all (issue 5), and a type the view does not use yet is still consumed and
 * acknowledged. The engine's own alert events are not consumed. The rule lives in libs/contracts
 * (personViewEventTypes), because the topics' retention policy depends on it too.
 */
export function consumedEventTypes(): string[] {
  return personViewEventTypes();
}

/** The logical topics the engine reads (kept forever on the broker: the view is rebuilt from them). */
export function consumedTopics(): string[] {
  return personViewTopics();
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
