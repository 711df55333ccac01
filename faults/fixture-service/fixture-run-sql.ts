/**
 * The fault fixture's run statement (counter-effects.listener.ts): one effect row per event with
 * its expected_seq (1 + the highest seq applied to its counter before it, i.e. the stored one or
 * that of an earlier event of the run: a window over the run in offset order), and the counters'
 * last seq, for a whole run. The in-process benches (bench/inbox-drain.ts) apply runs with it too.
 * Parameters: $1 counter ids, $2 seqs, $3 event ids (in offset order), $4 the consumer's pid.
 */
export const FIXTURE_RUN_SQL = `WITH ev AS (SELECT * FROM unnest($1::text[], $2::int[], $3::text[]) WITH ORDINALITY AS e(counter_id, seq, event_id, ord)),
    prev AS (SELECT counter_id, seq FROM fault_applied WHERE counter_id IN (SELECT counter_id FROM ev) FOR UPDATE),
    up AS (INSERT INTO fault_applied (counter_id, seq) SELECT counter_id, max(seq) FROM ev GROUP BY counter_id
           ON CONFLICT (counter_id) DO UPDATE SET seq = GREATEST(fault_applied.seq, EXCLUDED.seq))
  INSERT INTO fault_effect (counter_id, seq, expected_seq, event_id, consumer_pid)
  SELECT ev.counter_id, ev.seq,
         COALESCE(GREATEST(prev.seq, max(ev.seq) OVER (PARTITION BY ev.counter_id ORDER BY ev.ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)), 0) + 1,
         ev.event_id, $4
  FROM ev LEFT JOIN prev ON prev.counter_id = ev.counter_id ORDER BY ev.ord`;
