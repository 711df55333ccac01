/**
 * The pending outbox rows: an outbox row is pending while its id is in `outbox_pending`, and the
 * relay marks a batch sent by deleting its ids there (docs/adr/0030-outbox-pending-table.md). Every
 * statement that touches the pending set is here.
 */

/**
 * The table of pending ids, and the trigger that fills it: a statement-level AFTER INSERT trigger on
 * outbox_message adds the ids of every row the statement inserted, so every way of appending (Outbox,
 * outboxRowsSql, a bench's raw INSERT) makes its rows pending in the same transaction, and none can
 * forget to. Statement-level, so a monthly run's 100,000 rows cost one call. The function names the
 * schema it was created in: a trigger runs with the search_path of whoever inserts.
 */
export function pendingTableSql(schema: string): string[] {
  const s = `"${schema.replace(/"/g, '""')}"`;
  return [
    `CREATE TABLE ${s}.outbox_pending (id bigint PRIMARY KEY)`,
    `CREATE FUNCTION ${s}.outbox_pending_add() RETURNS trigger LANGUAGE plpgsql AS $$
     BEGIN
       INSERT INTO ${s}.outbox_pending (id) SELECT id FROM appended;
       RETURN NULL;
     END $$`,
    `CREATE TRIGGER outbox_pending_add AFTER INSERT ON ${s}.outbox_message
     REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION ${s}.outbox_pending_add()`,
  ];
}

/**
 * The settings of the relay's lock session, which runs only READ_PENDING_SQL. Its reads must walk the
 * pending ids in order and stop after one batch, each row found by primary key (a nested loop). On
 * tables without statistics (never analysed: a new service, a new schema) the planner otherwise
 * reads every pending row and sorts them per batch (a bitmap scan; docs/benchmarks.md, City scale, P4
 * fourth pass), or joins by a merge join that walks the outbox from the first row ever sent, or a
 * hash join that reads all of it.
 */
export const READ_SESSION_SETTINGS =
  'SET enable_bitmapscan = off; SET enable_seqscan = off; SET enable_mergejoin = off; SET enable_hashjoin = off';

/**
 * The next batch of pending rows in id order, without $1 (ids the relay has in flight or acked but
 * not yet seen deleted), at most $2: the pending ids in order, each row found by primary key.
 */
export const READ_PENDING_SQL = `SELECT m.id, m.topic, m.message_key, m.payload, m.headers
  FROM outbox_pending p JOIN outbox_message m ON m.id = p.id
 WHERE p.id <> ALL($1::bigint[]) ORDER BY p.id LIMIT $2`;

/** Marks the rows $1 sent: a delete of narrow rows, where an UPDATE of a column rewrote each whole row. */
export const MARK_SENT_SQL = `DELETE FROM outbox_pending WHERE id = ANY($1::bigint[])`;

/** How many rows are pending and the age in seconds of the oldest (by id: the next the relay sends). */
export const BACKLOG_SQL = `SELECT count(*)::int AS pending,
  COALESCE((SELECT EXTRACT(EPOCH FROM now() - m.created_at) FROM outbox_message m
             WHERE m.id = (SELECT min(id) FROM outbox_pending)), 0)::float8 AS age
  FROM outbox_pending`;

/** One row (`sent` true) when the event with id $1 is in the outbox and no longer pending, for tests and checks. */
export const EVENT_SENT_SQL = `SELECT true AS sent FROM outbox_message m
 WHERE m.event_id = $1 AND NOT EXISTS (SELECT 1 FROM outbox_pending p WHERE p.id = m.id)`;

/** The number of pending outbox rows (`n`). */
export const PENDING_COUNT_SQL = `SELECT count(*)::int AS n FROM outbox_pending`;
