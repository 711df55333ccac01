import { Pool } from 'pg';
import { sleep } from './load';
import { Target } from './target';

/** The delivery ledger of one scenario: producer-side committed event ids against consumer-side effects. */
export interface LedgerCounts {
  committed: number;
  delivered: number;
  deadLettered: number;
  lost: number;
  duplicated: number;
  orderViolations: number;
  /** Event ids the service acknowledged (201) that are not in its outbox: lost before commit. */
  ackedNotCommitted: number;
}

/** Reads the ledger once. */
export async function readLedger(db: Pool, target: Target, acked: string[] = []): Promise<LedgerCounts> {
  const committed = new Set<string>((await db.query(target.committedSql)).rows.map((r) => r.event_id));
  const effects: { event_id: string; aggregate: string; seq: number; expected_seq: number | null }[] = (
    await db.query(target.effectsSql)
  ).rows;
  const dlq = new Set<string>(
    (
      await db.query(`SELECT event_id FROM dead_letter WHERE event_id IS NOT NULL`).catch(() => ({ rows: [] }))
    ).rows.map((r: { event_id: string }) => r.event_id),
  );
  const applied = new Set(effects.map((e) => e.event_id));
  const delivered = [...committed].filter((id) => applied.has(id)).length;
  const deadLettered = [...committed].filter((id) => !applied.has(id) && dlq.has(id)).length;
  const ackedNotCommitted = acked.filter((id) => !committed.has(id)).length;
  return {
    committed: committed.size,
    delivered,
    deadLettered,
    lost: committed.size - delivered - deadLettered + ackedNotCommitted,
    duplicated: effects.length - applied.size,
    orderViolations: effects.filter((e) => e.expected_seq !== null && e.seq !== e.expected_seq).length,
    ackedNotCommitted,
  };
}

/**
 * Waits until every committed event has an effect or a dead letter and the outbox is empty,
 * then a short settle time for late duplicates; on timeout it returns what it sees (losses count).
 */
export async function settledLedger(
  db: Pool,
  target: Target,
  acked: string[],
  timeoutMs: number,
  settleMs = 2_000,
): Promise<LedgerCounts & { drainedInMs: number | null }> {
  const t0 = Date.now();
  let drainedInMs: number | null = null;
  while (Date.now() - t0 < timeoutMs) {
    const l = await readLedger(db, target, acked).catch(() => undefined);
    const pending = await db.query(`SELECT count(*)::int AS n FROM outbox_pending`).then(
      (r) => r.rows[0].n as number,
      () => -1,
    );
    if (l && pending === 0 && l.lost === 0) {
      drainedInMs = Date.now() - t0;
      break;
    }
    await sleep(250);
  }
  await sleep(settleMs);
  return { ...(await readLedger(db, target, acked)), drainedInMs };
}
