import { Outbox } from '@civic/messaging';
import { EntityManager } from 'typeorm';
import { CHUNK, insertPayments } from './insert-payments';
import { MonthlyRunSpec, PaymentLine } from './monthly-run-spec';

/** A beneficiary the department's query found for the month, with what it owes (0 = nothing). */
export interface RunCandidate {
  /** Ordering key for keyset paging (unique, increasing). */
  cursor: string;
  line: Omit<PaymentLine, 'runId' | 'month' | 'kind'>;
  /** Why nothing is owed, when amountFen is 0. */
  skip?: 'deceased' | 'not-eligible';
}

export interface RunOutcome {
  runId: string;
  month: string;
  created: number;
  createdFen: number;
  /** Beneficiaries skipped: a recorded death before the month, or no longer eligible. */
  skipped: { deceased: number; notEligible: number };
}

/**
 * Runs `month` in the caller's transaction: every beneficiary `candidates` returns gets one payment.
 * Idempotent by construction: the unique key and INSERT ... ON CONFLICT DO NOTHING mean a second run,
 * or a concurrent one, inserts and announces only what does not exist yet; an advisory lock per month
 * keeps concurrent starts from computing the same beneficiaries twice. `candidates(after, limit)`
 * should leave out those already paid this month, so a re-run reads only what is missing — but keep
 * a payment stopped for a death: when the amount is owed again (the death record was revoked), the
 * run reissues that row in place, once (the unique key still holds).
 */
export async function runMonth(
  m: EntityManager,
  outbox: Outbox,
  spec: MonthlyRunSpec,
  month: string,
  issuedBy: string,
  now: Date,
  candidates: (after: string, limit: number) => Promise<RunCandidate[]>,
): Promise<RunOutcome> {
  const runId = `run-${month}`;
  await m.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1 || $2))`, [`.${spec.name}.`, month]);
  await m.query(
    `INSERT INTO ${spec.tables.run} (run_id, month, started_by) VALUES ($1, $2, $3) ON CONFLICT (month) DO NOTHING`,
    [runId, month, issuedBy],
  );
  const outcome: RunOutcome = { runId, month, created: 0, createdFen: 0, skipped: { deceased: 0, notEligible: 0 } };
  let after = '';
  for (;;) {
    const found = await candidates(after, CHUNK);
    if (found.length === 0) break;
    after = found[found.length - 1].cursor;
    const lines: PaymentLine[] = [];
    for (const c of found) {
      if (c.line.amountFen === 0) {
        if (c.skip === 'deceased') outcome.skipped.deceased++;
        else outcome.skipped.notEligible++;
        continue;
      }
      lines.push({ ...c.line, runId, month, kind: 'monthly' });
    }
    const inserted = await insertPayments(m, outbox, spec, lines, issuedBy, now, true);
    outcome.created += inserted.length;
    outcome.createdFen += inserted.reduce((s, l) => s + l.amountFen, 0);
  }
  return outcome;
}
