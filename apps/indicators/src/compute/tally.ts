import { TownValue } from './indicator';
import { Rational, whole } from './rational';

/** Per-town counts as town values, sorted by town code. */
export function townCounts(counts: ReadonlyMap<string, number>): TownValue[] {
  return [...counts.keys()].sort().map((town) => ({ town, value: whole(counts.get(town)!) }));
}

/** Per-town shares part ÷ whole (no value where the whole is 0), sorted by town code. */
export function townShares(part: ReadonlyMap<string, number>, all: ReadonlyMap<string, number>): TownValue[] {
  return [...all.keys()].sort().map((town) => ({ town, value: shareOf(part.get(town) ?? 0, all.get(town)!) }));
}

/** part ÷ whole, or null when there is nothing to divide by. */
export function shareOf(part: number, all: number): Rational | null {
  return all > 0 ? { num: part, den: all } : null;
}

/** Adds one to a town's count. */
export function bump(counts: Map<string, number>, town: string): void {
  counts.set(town, (counts.get(town) ?? 0) + 1);
}
