import { correlation, parseTraceparent, spans, tracing } from '@civic/contracts';
import { Logger } from '@nestjs/common';
import { InboxConsumerOptions, RunItemFailed } from './inbox-consumer.options';
import { InboxContext } from './inbox-context';

const logger = new Logger('inbox');

/**
 * Runs the handler of one claimed event inside the inbox transaction, under the event's correlation
 * id and in a span of the trace it carries (`traceparent`, else a new trace): the handler's log lines
 * and the events it appends to the outbox carry both on. With OpenTelemetry on, the span is exported
 * and continues the producer's trace (not the batch's), so one request is one trace across services.
 * Every path that applies one event goes through here (a run's record alone, a retry, a re-drive).
 */
export async function applyEvent(opts: Pick<InboxConsumerOptions, 'handle'>, ctx: InboxContext): Promise<void> {
  const { event, record: origin } = ctx;
  const span = spans.recorder.open(`process ${event.type}`, 'consumer', parseTraceparent(event.traceparent), {
    'messaging.system': 'kafka',
    'messaging.operation.type': 'process',
    'messaging.destination.name': origin.topic,
    'messaging.consumer.group.name': origin.consumer,
    'messaging.message.id': event.id,
    'cloudevents.event_type': event.type,
  });
  const inContext = (fn: () => Promise<void>) =>
    correlation.run(event.correlationid, () => tracing.run(span.context, () => span.run(fn)));
  try {
    await inContext(async () => {
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
    span.end();
  } catch (e) {
    // a run handler given this one event names it (RunItemFailed): its own error is the event's, for
    // the retry decision, the dead letter's reason and a re-drive's answer alike
    const error = e instanceof RunItemFailed ? e.error : e;
    span.end(error);
    throw error;
  }
}
