import { EventEnvelope } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { updateReturning } from '@civic/platform';
import { EntityManager } from 'typeorm';
import { MonthlyRunSpec } from './monthly-run-spec';
import { paymentColumns, storedPayment } from './stored-payment';

/**
 * A recorded death: every payment of the person for a month starting after the death date is an
 * audit finding (flagged); those not yet confirmed are stopped, each with the department's stopped event.
 */
export async function stopAfterDeath(
  m: EntityManager,
  outbox: Outbox,
  spec: MonthlyRunSpec,
  personRef: string,
  deathDate: string,
  today: string,
  cause: EventEnvelope,
): Promise<{ flagged: number; stopped: number }> {
  const { payment } = spec.tables;
  const flagged = await updateReturning<Record<string, unknown>>(
    m,
    `UPDATE ${payment} SET flagged_after_death = true WHERE person_ref = $1 AND to_date(month || '-01', 'YYYY-MM-DD') > $2 AND status <> 'stopped' RETURNING ${paymentColumns(spec)}`,
    [personRef, deathDate],
  );
  const toStop = flagged.map((r) => storedPayment(spec, r)).filter((p) => p.status === 'issued');
  if (toStop.length) {
    await m.query(
      `UPDATE ${payment} SET status = 'stopped', stopped_on = $2, stop_reason = 'death' WHERE payment_id = ANY($1)`,
      [toStop.map((p) => p.paymentId), today],
    );
    const reason = `Death recorded on ${deathDate}; no payment for a month starting after the date of death.`;
    await outbox.appendAll(
      m,
      toStop.map((p) => spec.events.stopped(p, today, reason, cause)),
    );
  }
  return { flagged: flagged.length, stopped: toStop.length };
}
