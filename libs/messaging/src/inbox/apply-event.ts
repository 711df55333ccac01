import { childSpan, correlation, EventEnvelope, parseTraceparent, tracing } from '@civic/contracts';
import { Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { InboxConsumerOptions } from './inbox-consumer.options';
import { InboxContext, RecordOrigin } from './inbox-context';

const logger = new Logger('inbox');

/**
 * Runs the handler of one claimed event inside the inbox transaction, under the event's correlation
 * id and in a span of the trace it carries (`traceparent`, else a new trace): the handler's log lines
 * and the events it appends to the outbox carry both on.
 */
export function applyEvent(
  opts: Pick<InboxConsumerOptions, 'handle' | 'service'>,
  manager: EntityManager,
  event: EventEnvelope,
  origin: RecordOrigin,
): Promise<void> {
  const inContext = (fn: () => Promise<void>) =>
    correlation.run(event.correlationid, () => tracing.run(childSpan(parseTraceparent(event.traceparent)), fn));
  return inContext(async () => {
    await opts.handle(event, new InboxContext(manager, event, origin, opts.service));
    if (Logger.isLevelEnabled('debug'))
      logger.debug({
        msg: `applied ${event.type} v${event.dataversion}`,
        eventId: event.id,
        consumer: origin.consumer,
        topic: origin.topic,
        partition: origin.partition,
        offset: origin.offset,
      });
  });
}
