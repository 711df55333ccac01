/**
 * How a service connects: its URL without an `options` parameter, and the startup options every
 * session of its pool (and the outbox relay's lock session, which copies the pool's) starts with.
 *
 * - `search_path` is the service's schema, so unqualified names in raw SQL and migrations resolve
 *   to it.
 * - `jit=off`: PostgreSQL compiles a statement with LLVM once its estimated cost passes
 *   `jit_above_cost`, and the planner's estimates for the services' array (`unnest`) statements run
 *   far above their real size: the policy engine's run-locking statement (run-plan.ts), ~300 rows in
 *   a few milliseconds, was estimated at 4.6 million rows and compiled on every run, ~0.8 s of
 *   server CPU each time, which cut the engine to a third of its rate once the view held a few
 *   thousand households (docs/adr/0031-jit-off-for-service-sessions.md).
 * - the URL's own `options` come last, so an operator's setting there still wins. pg lets a URL's
 *   `options` replace the pool's outright, which is why they are moved here rather than left in it.
 */
export function serviceConnection(databaseUrl: string, schema: string): { url: string; options: string } {
  const url = new URL(databaseUrl);
  const own = url.searchParams.get('options');
  url.searchParams.delete('options');
  const options = [`-c search_path=${schema}`, '-c jit=off', own].filter(Boolean).join(' ');
  return { url: url.toString(), options };
}
