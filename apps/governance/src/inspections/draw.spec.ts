import { drawSample } from './draw';

describe('the inspection draw', () => {
  const ids = Array.from({ length: 1000 }, (_, i) => `sorg-${i}`);

  it('draws the same organisations from the same seed, whatever the order of the population', () => {
    const first = drawSample('seed-a', ids, 30);
    expect(first).toHaveLength(30);
    expect(new Set(first).size).toBe(30);
    expect(drawSample('seed-a', [...ids].reverse(), 30)).toEqual(first);
  });

  it('draws differently from another seed, and never more than the population', () => {
    const a = drawSample('seed-a', ids, 30);
    const b = drawSample('seed-b', ids, 30);
    expect(b.filter((x) => a.includes(x)).length).toBeLessThan(10);
    expect(drawSample('seed-a', ids.slice(0, 5), 30)).toHaveLength(5);
  });

  it('gives every organisation about the same chance (no bias towards the start of the list)', () => {
    const hits = new Map<string, number>();
    for (let s = 0; s < 200; s++)
      for (const id of drawSample(`s${s}`, ids.slice(0, 100), 10)) hits.set(id, (hits.get(id) ?? 0) + 1);
    const firstHalf = [...hits].filter(([id]) => Number(id.slice(5)) < 50).reduce((n, [, c]) => n + c, 0);
    expect(firstHalf).toBeGreaterThan(800); // 2000 draws in all, about half expected
    expect(firstHalf).toBeLessThan(1200);
  });
});
