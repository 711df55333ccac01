import { childSpan, formatTraceparent, parseTraceparent, tracing } from './trace-context';

describe('W3C trace context', () => {
  const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('reads and writes a version-00 traceparent', () => {
    expect(parseTraceparent(valid)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      spanId: '00f067aa0ba902b7',
      sampled: true,
    });
    expect(formatTraceparent(parseTraceparent(valid)!)).toBe(valid);
    expect(parseTraceparent(valid.replace(/01$/, '00'))?.sampled).toBe(false);
  });

  it.each([
    ['all-zero trace id', '00-00000000000000000000000000000000-00f067aa0ba902b7-01'],
    ['all-zero span id', '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01'],
    ['upper case', valid.toUpperCase()],
    ['another version', valid.replace(/^00/, 'ff')],
    ['short trace id', '00-4bf92f3577b34da6-00f067aa0ba902b7-01'],
    ['not a string', 42],
  ])('starts a new trace rather than accept %s', (_, value) => {
    expect(parseTraceparent(value)).toBeUndefined();
  });

  it('keeps the trace and draws a new span for work done on its behalf', () => {
    const parent = parseTraceparent(valid)!;
    const child = childSpan(parent);
    expect(child.traceId).toBe(parent.traceId);
    expect(child.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(child.spanId).not.toBe(parent.spanId);
    expect(childSpan().traceId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('never hands out the same random bytes twice, across refills of the id pool', () => {
    // 3,000 new traces draw 72,000 bytes: the 4 KiB pool is refilled 17 times
    const ids = Array.from({ length: 3000 }, () => childSpan()).flatMap((t) => [t.traceId, t.spanId]);
    expect(ids.every((id) => /^[0-9a-f]+$/.test(id) && !/^0+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    // no id is a slice of another one's bytes either (an overlap would repeat a run of 8 bytes)
    const chunks = ids.flatMap((id) => id.match(/.{16}/g)!);
    expect(new Set(chunks).size).toBe(chunks.length);
  });

  it('is current across awaits inside run, and not outside', async () => {
    const t = childSpan();
    await tracing.run(t, async () => {
      await new Promise((r) => setTimeout(r, 1));
      expect(tracing.current()).toBe(t);
    });
    expect(tracing.current()).toBeUndefined();
  });
});
