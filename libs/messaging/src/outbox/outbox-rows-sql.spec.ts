import { setEventIds } from './outbox-rows-sql';

describe('setEventIds', () => {
  it('gives a UUIDv7 prefix of the time given and a counter seed that 2^61 rows cannot carry into the variant bits', () => {
    const now = Date.UTC(2026, 10, 30, 16, 0, 0, 123);
    for (let i = 0; i < 1000; i++) {
      const { prefix, base } = setEventIds(now);
      expect(prefix).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}$/);
      expect(parseInt(prefix.slice(0, 12), 16)).toBe(now);
      // base is 0b100 followed by 61 random bits, as a signed 64-bit integer: base + k keeps the top
      // bits 0b10 (the variant) for every k from 1 to 2^61
      const b = BigInt(base);
      expect(b).toBeGreaterThanOrEqual(-(1n << 63n));
      expect(b).toBeLessThan(-(1n << 63n) + (1n << 61n));
      const last = BigInt.asUintN(64, b + (1n << 61n));
      expect(last >> 62n).toBe(2n);
    }
  });

  it('draws a new seed each time', () => {
    const seeds = new Set(Array.from({ length: 1000 }, () => JSON.stringify(setEventIds(0))));
    expect(seeds.size).toBe(1000);
  });
});
