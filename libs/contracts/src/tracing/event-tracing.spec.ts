import { catalog } from '../catalog';
import { createEvent, parseEvent, toKafkaRecord } from '../registry';
import { childSpan, formatTraceparent, parseTraceparent, tracing } from './trace-context';

// An event carries the trace of the work that produced it, in the envelope and as a Kafka header,
// and a consumer reads it back; a malformed one is dropped, never a reason to refuse the event.
describe('the trace an event carries', () => {
  const [def] = catalog.filter((d) => d.type === 'assistance.case.approved');
  const trace = childSpan();

  it('is the trace of the work in progress, in the envelope and the Kafka header', () => {
    const event = tracing.run(trace, () => createEvent(def, def.example, {}));
    expect(event.traceparent).toBe(formatTraceparent(trace));
    expect(toKafkaRecord(event, 'assistance.case').headers.traceparent).toBe(formatTraceparent(trace));
    const read = parseEvent(JSON.parse(JSON.stringify(event)));
    expect(read.ok && parseTraceparent(read.event.traceparent)?.traceId).toBe(trace.traceId);
  });

  it('is absent outside any traced work', () => {
    const event = createEvent(def, def.example, {});
    expect(event.traceparent).toBeUndefined();
    expect(toKafkaRecord(event, 'assistance.case').headers).not.toHaveProperty('traceparent');
  });

  it('is dropped by the reader when malformed, and the event is still accepted', () => {
    const event = { ...createEvent(def, def.example, {}), traceparent: '00-xyz' };
    const read = parseEvent(JSON.parse(JSON.stringify(event)));
    expect(read.ok).toBe(true);
    expect(read.ok && read.event).not.toHaveProperty('traceparent');
  });
});
