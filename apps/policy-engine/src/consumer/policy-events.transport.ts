import { EventEnvelope, personViewEventTypes, personViewTopics } from '@civic/contracts';
import { INBOX_RUN, InboxRunContext, inboxTransportFor, InboxTransport } from '@civic/messaging';
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

/**
 * Events per inbox run of the engine, below the messaging default (DEFAULT_BATCH_SIZE, 500): a run
 * holds the keys of the people it touches until it commits, and runs of 500 held them 3.7-3.8 s
 * while the other topics' runs waited (docs/adr/0022-policy-engine-run-keys-and-facts-read.md).
 */
export const ENGINE_RUN_SIZE = 100;

/**
 * The inbox transport with one run handler for every consumed type (one consumer per topic, so a
 * slow topic starves no other). One function for all types: the transport hands consecutive events
 * of one handler to it in one call, so a run of mixed types stays one run (docs/adr/0011).
 */
export function policyEventsTransport(app: INestApplicationContext): InboxTransport {
  const transport = inboxTransportFor(app, { batchSize: ENGINE_RUN_SIZE });
  const engine = app.get(PolicyEventsListener);
  const handler = (events: EventEnvelope[], ctx: InboxRunContext) => engine.handleRun(events, ctx);
  for (const type of consumedEventTypes()) transport.addHandler(type, handler, true, { [INBOX_RUN]: true });
  return transport;
}
