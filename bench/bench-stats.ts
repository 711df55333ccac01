/** Median of a list of numbers. */
export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The p-th percentile (0-100), nearest rank. */
export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

/** One measurement of one side of a pair. */
export interface Sample {
  /** Operations per second (higher is better), when throughput is measured. */
  perSec?: number;
  p50Ms?: number;
  p99Ms?: number;
}

/** What a pair reports: per-round samples of both sides, measured interleaved in the same run. */
export interface PairResult {
  id: string;
  title: string;
  project: string;
  baseline: string;
  /** 'throughput': ratio = project/baseline ops per second; 'latency': ratio = project p50 / baseline p50. */
  kind: 'throughput' | 'latency';
  rounds: { project: Sample; baseline: Sample }[];
  notes: string[];
  /** A section a child benchmark printed (P1, P3, P6, P7), kept verbatim. */
  markdown?: string;
  /** Why the pair was not measured. */
  missing?: string;
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
