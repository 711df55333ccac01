import { DEFAULT_MAX_SEND_BYTES, fitting, PendingRow } from './outbox-relay';

const row = (payload: string, headers: Record<string, string> = {}): PendingRow => ({
  id: '1',
  topic: 't',
  message_key: 'k1',
  payload,
  headers,
});

describe('fitting: the rows of one relay send under its byte bound', () => {
  it('counts UTF-8 bytes of key, value and headers plus 64 of framing per row', () => {
    // 64 + 2 (key) + 10 (value) + 2 + 4 (header) = 82 bytes a row
    const rows = [row('0123456789', { ab: 'cdef' }), row('0123456789', { ab: 'cdef' })];
    expect(fitting(rows, 164)).toBe(2);
    expect(fitting(rows, 163)).toBe(1);
    // '户' is three bytes: 64 + 2 + 30 = 96
    expect(fitting([row('户'.repeat(10)), row('x')], 96 + 67)).toBe(2);
    expect(fitting([row('户'.repeat(10)), row('x')], 96 + 66)).toBe(1);
  });

  it('sends a row larger than the bound alone rather than never', () => {
    expect(fitting([row('x'.repeat(1000)), row('y')], 100)).toBe(1);
  });

  it('takes every row when all fit', () => {
    expect(fitting([row('a'), row('b'), row('c')], 1_000_000)).toBe(3);
    expect(fitting([], 10)).toBe(0);
  });
});

describe('the default send bound (a service without KAFKA_MAX_BATCH_BYTES)', () => {
  it("is 900,000 bytes: below the brokers' default message.max.bytes of 1,048,588", () => {
    expect(DEFAULT_MAX_SEND_BYTES).toBe(900_000);
  });
});
