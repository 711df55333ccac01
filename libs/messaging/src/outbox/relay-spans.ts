import { OpenSpan, parseTraceparent, spans } from '@civic/contracts';
import { physicalTopic } from '../kafka/kafka-config';
import type { RelayedRow } from './outbox-relay';

/**
 * The relay's sendInTraces (docs/adr/0012-trace-context.md). With OpenTelemetry on: one producer
 * span per row in the trace its stored `traceparent` names (the request that wrote it), not the
 * poll's; the kafkajs instrumentation's own send spans and headers are suppressed, so the Kafka
 * header stays the envelope's traceparent. Off: the send alone.
 */
export function sendInRowTraces(topicPrefix: string | undefined) {
  return async (rows: RelayedRow[], send: () => Promise<unknown>): Promise<void> => {
    if (!spans.recorder.exports) {
      await send();
      return;
    }
    const opened: OpenSpan[] = rows.map((r) =>
      spans.recorder.open(`send ${r.topic}`, 'producer', parseTraceparent(r.headers.traceparent), {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': physicalTopic(topicPrefix, r.topic),
        ...(r.headers.ce_id ? { 'messaging.message.id': r.headers.ce_id } : {}),
      }),
    );
    try {
      await spans.recorder.untraced(send);
      for (const s of opened) s.end();
    } catch (e) {
      for (const s of opened) s.end(e);
      throw e;
    }
  };
}
