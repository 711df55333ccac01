import { Pool } from 'pg';
import { DataSource } from 'typeorm';

/**
 * Where a drain's time went, from the fixture's rows alone (so it works when the consumer is another
 * process): a run is the inbox rows of one partition sharing one processed_at (now(), the run
 * transaction's start); its effects carry clock_timestamp(). Per partition: runs, records per run,
 * the median run from BEGIN to its last effect ("inside"), the median gap from a run's last effect
 * to the next run's BEGIN (its COMMIT, the offset bookkeeping, parsing the next run, taking a
 * connection and sending BEGIN), and the partition's span. `before`: effects before the drain.
 */
export async function runSplit(db: Pool | DataSource, before: number): Promise<string> {
  const sql = `WITH e AS (SELECT event_id, applied_at FROM fault_effect ORDER BY id OFFSET $1),
          runs AS (SELECT i.kafka_partition AS p, i.processed_at AS t0, count(*) AS n, max(e.applied_at) AS t1
                   FROM inbox_message i JOIN e ON e.event_id = i.event_id GROUP BY 1, 2),
          gaps AS (SELECT *, EXTRACT(EPOCH FROM t1 - t0) * 1000 AS inside,
                          EXTRACT(EPOCH FROM lead(t0) OVER (PARTITION BY p ORDER BY t0) - t1) * 1000 AS gap FROM runs)
     SELECT p, count(*)::int AS runs, sum(n)::int AS records,
            round(percentile_cont(0.5) WITHIN GROUP (ORDER BY inside)::numeric, 1) AS inside_ms,
            round(percentile_cont(0.5) WITHIN GROUP (ORDER BY gap)::numeric, 1) AS gap_ms,
            round(EXTRACT(EPOCH FROM max(t1) - min(t0)) * 1000) AS span_ms
     FROM gaps GROUP BY p ORDER BY p`;
  const rows: { p: number; runs: number; records: number; inside_ms: string; gap_ms: string; span_ms: string }[] =
    db instanceof Pool ? (await db.query(sql, [before])).rows : await db.query(sql, [before]);
  return rows
    .map(
      (x) =>
        `p${x.p} ${x.records} records in ${x.runs} runs (${(x.records / x.runs).toFixed(0)}/run), median run ${x.inside_ms} ms + gap ${x.gap_ms} ms, span ${x.span_ms} ms`,
    )
    .join('; ');
}
