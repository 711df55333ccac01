import { createHash } from 'node:crypto';

/**
 * The random inspection draw (抽查): each candidate gets the SHA-256 of `seed:id` as its lot and
 * the `size` lowest lots are drawn. The same seed over the same candidates draws the same
 * organisations whatever order they are listed in, so anyone holding the recorded seed and the
 * population can repeat the draw and check it; without the seed, nobody can steer it.
 *
 * The service computes the same lots in SQL (inspections.service.ts), so the ids never leave the
 * database; this is the reference a checker runs, and the e2e test holds the two equal.
 */
export function drawSample(seed: string, candidates: readonly string[], size: number): string[] {
  const lots = [...new Set(candidates)].map((id) => ({
    id,
    lot: createHash('sha256').update(`${seed}:${id}`).digest('hex'),
  }));
  lots.sort((a, b) => (a.lot < b.lot ? -1 : a.lot > b.lot ? 1 : 0));
  return lots.slice(0, size).map((l) => l.id);
}
