// Random file checks and home visits (docs/domain.md §1 Supervision; plan: "随机入户2989户") must be
// reproducible: an auditor re-running the draw with the published seed over the same population
// gets the same cases. So the draw sorts and de-duplicates the ids (input order and repeats do not
// matter) and uses a small seeded PRNG, never Math.random.

/** Draws `size` distinct ids from `population`; the same seed and population always give the same sample (sorted). */
export function seededSample(population: readonly string[], size: number, seed: string): string[] {
  if (!Number.isInteger(size) || size < 0)
    throw new RangeError(`sample size must be a non-negative integer, got ${size}`);
  const ids = [...new Set(population)].sort();
  const take = Math.min(size, ids.length);
  const next = mulberry32(fnv1a32(seed));
  // Partial Fisher-Yates: the first `take` slots end up a uniform random selection.
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(next() * (ids.length - i));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  return ids.slice(0, take).sort();
}

// mulberry32 (Tommy Ettinger): 32-bit state, uniform in [0, 1); plenty for audit sampling, not for secrets.
function mulberry32(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// FNV-1a turns a human-readable seed (e.g. "2025-Q1 file check") into the PRNG's 32-bit state.
function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
