import { childSpan, correlation, parseTraceparent, tracing } from '@civic/contracts';
import { Logger } from '@nestjs/common';
import { InboxConsumerOptions } from './inbox-consumer.options';
import { InboxContext } from './inbox-context';

const logger = new Logger('inbox');

/**
 * Runs the handler of one claimed event inside the inbox transaction, under the event's correlation
 * id and in a span of the trace it carries (`traceparent`, else a new trace): the handler's log lines
 * and the events it appends to the outbox carry both on.
 */
export function applyEvent(opts: Pick<InboxConsumerOptions, 'handle'>, ctx: InboxContext): Promise<void> {
  const { event, record: origin } = ctx;
  const inContext = (fn: () => Promise<void>) =>
    correlation.run(event.correlationid, () => tracing.run(childSpan(parseTraceparent(event.traceparent)), fn));
  return inContext(async () => {
    await opts.handle(event, ctx);
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
