import { Outbox } from '@civic/messaging';
import { ProblemException, updateReturning } from '@civic/platform';
import { EntityManager } from 'typeorm';
import { CHUNK } from './insert-payments';
import { MonthlyRunSpec } from './monthly-run-spec';
import { paymentColumns, storedPayment } from './stored-payment';

/**
 * The disburser confirms the bank transfer of every issued payment of the month's run (in the caller's
 * transaction, after the department's own duty checks); one confirmed event per payment. 404 without a run.
 */
export async function confirmRun(
  m: EntityManager,
  outbox: Outbox,
  spec: MonthlyRunSpec,
  month: string,
  bankBatchRef: string,
  confirmedBy: string,
  today: string,
): Promise<{ month: string; confirmed: number }> {
  const [run] = await m.query(`SELECT run_id FROM ${spec.tables.run} WHERE month = $1 FOR UPDATE`, [month]);
  if (!run) throw ProblemException.notFound('payment run', month);
  const rows = await updateReturning<Record<string, unknown>>(
    m,
    `UPDATE ${spec.tables.payment} SET status = 'confirmed', confirmed_on = $2 WHERE run_id = $1 AND status = 'issued' RETURNING ${paymentColumns(spec)}`,
    [run.run_id, today],
  );
  await m.query(
    `UPDATE ${spec.tables.run} SET confirmed_by = $2, confirmed_at = now(), bank_batch_ref = $3 WHERE run_id = $1`,
    [run.run_id, confirmedBy, bankBatchRef],
  );
  const events = rows.map((r) => spec.events.confirmed(storedPayment(spec, r), today, bankBatchRef));
  for (let i = 0; i < events.length; i += CHUNK) await outbox.appendAll(m, events.slice(i, i + CHUNK));
  return { month, confirmed: rows.length };
}
