import { EventEnvelope } from '@civic/contracts';
import { EntityManager } from 'typeorm';

/** An event to claim, with the offset it was read at. */
export interface Claim {
  event: EventEnvelope;
  offset: string;
}

/**
 * The one statement that claims inbox rows: inserts a row per event this consumer has not applied
 * yet and returns their ids, for one event or a whole run (one array per column, so the statement
 * does not grow with the run). Parameters: $1 consumer, $2 event ids, $3 event types, $4 topic,
 * $5 partition, $6 offsets.
 */
const CLAIM_SQL = `INSERT INTO inbox_message (consumer, event_id, event_type, topic, kafka_partition, kafka_offset)
  SELECT $1, u.event_id, u.event_type, $4, $5, u.kafka_offset
  FROM unnest($2::text[], $3::text[], $6::bigint[]) AS u(event_id, event_type, kafka_offset)
  ON CONFLICT DO NOTHING RETURNING event_id`;

/**
 * A run's claim (InboxStore.claimRun): the holds of the run's keys read FOR SHARE, and the rows of
 * the records before the first held one claimed. Parameters as CLAIM_SQL's, and $7 the records'
 * keys, $8 their index in the run.
 */
export const CLAIM_RUN_SQL = `WITH held AS (SELECT message_key FROM dead_letter_hold WHERE consumer = $1 AND topic = $4 AND message_key = ANY($7::text[]) FOR SHARE),
        u AS (SELECT * FROM unnest($2::text[], $3::text[], $6::bigint[], $7::text[], $8::int[]) AS u(event_id, event_type, kafka_offset, message_key, idx)),
        cut AS (SELECT min(idx) AS idx FROM u WHERE message_key IN (SELECT message_key FROM held)),
        claimed AS (INSERT INTO inbox_message (consumer, event_id, event_type, topic, kafka_partition, kafka_offset)
          SELECT $1, u.event_id, u.event_type, $4, $5, u.kafka_offset FROM u
          WHERE u.idx < COALESCE((SELECT idx FROM cut), 2147483647)
          ON CONFLICT DO NOTHING RETURNING event_id)
   SELECT 'claimed' AS kind, event_id AS v FROM claimed UNION ALL SELECT 'held', message_key FROM held`;

/**
 * A consumer's inbox rows, and the dead-letter holds a claim must respect. The row commits in the
 * transaction of the event's effect, so an event is applied once however often it is delivered.
 * Holds are read FOR SHARE: a re-drive takes them FOR UPDATE, so a claim never slips past one.
 */
export class InboxStore {
  constructor(private readonly consumer: string) {}

  /** Claims the events' rows; returns the ids claimed (the others were applied before). */
  async claim(manager: EntityManager, topic: string, partition: number, claims: Claim[]): Promise<Set<string>> {
    if (!claims.length) return new Set();
    const rows: { event_id: string }[] = await manager.query(CLAIM_SQL, this.params(topic, partition, claims));
    return new Set(rows.map((r) => r.event_id));
  }

  /**
   * Claims one event's row and reads its key's hold in one round trip (the per-record path runs
   * this once per attempt). `heldBy` is the dead letter holding the key, if any.
   */
  async claimOne(
    manager: EntityManager,
    topic: string,
    partition: number,
    claim: Claim,
    key: string | null,
  ): Promise<{ claimed: boolean; heldBy: string | null }> {
    const [row] = await manager.query(
      `WITH claimed AS (${CLAIM_SQL})
       SELECT (SELECT count(*) FROM claimed)::int AS claimed,
              (SELECT first_dead_letter_id FROM dead_letter_hold WHERE consumer = $1 AND topic = $4 AND message_key = $7 FOR SHARE) AS held`,
      [...this.params(topic, partition, [claim]), key],
    );
    return { claimed: row.claimed === 1, heldBy: row.held === null ? null : String(row.held) };
  }

  /**
   * A run's claim in one round trip: reads the holds of the run's keys (FOR SHARE) and claims the
   * rows of the records before the first held one, as reading the holds and then claiming would. `claims` are
   * the run's accepted records in offset order with their key and index in the run.
   */
  async claimRun(
    manager: EntityManager,
    topic: string,
    partition: number,
    claims: (Claim & { key: string | null; index: number })[],
  ): Promise<{ claimed: Set<string>; held: Set<string> }> {
    if (!claims.length) return { claimed: new Set(), held: new Set() };
    const rows: { kind: 'claimed' | 'held'; v: string }[] = await manager.query(CLAIM_RUN_SQL, [
      ...this.params(topic, partition, claims),
      claims.map((c) => c.key),
      claims.map((c) => c.index),
    ]);
    const out = { claimed: new Set<string>(), held: new Set<string>() };
    for (const r of rows) out[r.kind].add(r.v);
    return out;
  }

  private params(topic: string, partition: number, claims: Claim[]): unknown[] {
    return [
      this.consumer,
      claims.map((c) => c.event.id),
      claims.map((c) => c.event.type),
      topic,
      partition,
      claims.map((c) => c.offset),
    ];
  }
}
