/** Delay before retry `attempt` (1-based): doubling from `baseMs`, capped, with up to 50% jitter so failed receivers are not hit in lockstep. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp * (0.5 + random() * 0.5));
}
