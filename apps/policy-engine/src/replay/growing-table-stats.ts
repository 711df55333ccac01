/**
 * Planner statistics for a schema filled from empty. The run statements look people up by
 * reference (run-plan.ts, person-view.store.ts); a table that was never analysed has no
 * statistics, so PostgreSQL assumes 200 distinct values per column, expects each reference to match
 * 1/200 of the table and picks sequential scans and sorts, which grow with the table: a replay
 * measured at 366 events/s after 100,000 events against ~2,000/s at 5,000 (docs/benchmarks.md, "Replay
 * of 1,000,000 events"). Autovacuum analyses a table after 10% of it changed, but not within its
 * naptime and not where it is off, so the replay analyses its schema itself each time the events
 * applied have doubled since the last time (from 2,000 on: about ten ANALYZEs for a million events,
 * each reading a sample of 30,000 rows per table, and blocking no writer), and once at the end, so an
 * engine switched onto the schema starts with statistics.
 */
export class GrowingTableStats {
  private events = 0;

  constructor(
    private readonly analyze: () => Promise<void>,
    private next = 2_000,
  ) {}

  applied(n: number): void {
    this.events += n;
  }

  async refreshIfGrown(): Promise<void> {
    if (this.events < this.next) return;
    this.next = this.events * 2;
    await this.analyze();
  }
}

/** ANALYZE of every table of one schema (a bare ANALYZE would read every schema of the database). */
export async function analyzeSchema(
  query: (sql: string, params?: unknown[]) => Promise<{ name: string }[]>,
  schema: string,
): Promise<void> {
  const tables = await query(
    `SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = $1`,
    [schema],
  );
  if (tables.length) await query(`ANALYZE ${tables.map((t) => t.name).join(', ')}`);
}
