import { seededSample } from './sample';

const population = Array.from({ length: 500 }, (_, i) => `case-${String(i).padStart(4, '0')}`);

describe('seededSample', () => {
  it('gives the same sample for the same seed and population', () => {
    expect(seededSample(population, 25, '2025-Q1 file check')).toEqual(
      seededSample(population, 25, '2025-Q1 file check'),
    );
  });

  it('ignores the order and repeats of the population', () => {
    const shuffled = [...population].reverse().concat(population.slice(0, 40));
    expect(seededSample(shuffled, 25, 'seed-a')).toEqual(seededSample(population, 25, 'seed-a'));
  });

  it('pins the draw so a change of algorithm is noticed (audits re-run old seeds)', () => {
    expect(seededSample(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'], 3, 'audit-2024')).toEqual(PINNED_AUDIT_2024);
  });

  it('gives a different sample for a different seed', () => {
    expect(seededSample(population, 25, 'seed-a')).not.toEqual(seededSample(population, 25, 'seed-b'));
  });

  it.each([
    { size: 0, expected: 0 },
    { size: 1, expected: 1 },
    { size: 499, expected: 499 },
    { size: 500, expected: 500 },
    { size: 800, expected: 500 },
  ])('draws min(size, population) distinct members of the population (size $size)', ({ size, expected }) => {
    const sample = seededSample(population, size, 'seed');
    expect(sample).toHaveLength(expected);
    expect(new Set(sample).size).toBe(expected);
    expect(sample.every((id) => population.includes(id))).toBe(true);
  });

  it('reaches every member over many seeds (no member is unreachable)', () => {
    const seen = new Set<string>();
    for (let s = 0; s < 400; s++) for (const id of seededSample(population.slice(0, 50), 5, `s${s}`)) seen.add(id);
    expect(seen.size).toBe(50);
  });

  it('rejects a negative or fractional size', () => {
    expect(() => seededSample(population, -1, 'x')).toThrow(RangeError);
    expect(() => seededSample(population, 1.5, 'x')).toThrow(RangeError);
  });
});

// Recorded from the first implementation; an audit re-run years later must draw the same files.
const PINNED_AUDIT_2024 = ['c', 'd', 'g'];
