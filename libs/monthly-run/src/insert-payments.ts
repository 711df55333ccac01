import { shanghaiDate } from '@civic/calendar';
import { Outbox } from '@civic/messaging';
import { EntityManager } from 'typeorm';
import { MonthlyRunSpec, PaymentLine } from './monthly-run-spec';

/** Payments written per statement (docs/reliability.md pitfall 14: no save() in a loop). */
export const CHUNK = 5_000;

/**
 * Inserts payment lines (ON CONFLICT on the unique key: nothing twice) and appends one issued event per
 * row actually inserted, in the caller's transaction. `reissueStoppedForDeath` lets a line replace a
 * payment that was stopped because of a death record later revoked.
 */
export async function insertPayments(
  m: EntityManager,
  outbox: Outbox,
  spec: MonthlyRunSpec,
  lines: PaymentLine[],
  issuedBy: string,
  now: Date,
  reissueStoppedForDeath = false,
): Promise<PaymentLine[]> {
  const issuedOn = shanghaiDate(now.toISOString());
  const { payment } = spec.tables;
  const done: PaymentLine[] = [];
  for (let i = 0; i < lines.length; i += CHUNK) {
    const chunk = lines.slice(i, i + CHUNK);
    const col = <K extends keyof PaymentLine>(k: K) => chunk.map((l) => l[k]);
    const rows: { payment_id: string }[] = await m.query(
      `INSERT INTO ${payment} (payment_id, run_id, ${spec.subjectColumn}, month, person_ref, programme, town, amount_fen, kind, issued_on, issued_by)
       SELECT u.*, $10::date, $11 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[]) AS u
       ON CONFLICT (${spec.uniqueKey.join(', ')}) DO ${
         reissueStoppedForDeath
           ? `UPDATE SET status = 'issued', kind = EXCLUDED.kind, amount_fen = EXCLUDED.amount_fen, issued_on = EXCLUDED.issued_on, issued_by = EXCLUDED.issued_by, stopped_on = NULL, stop_reason = NULL, flagged_after_death = false
              WHERE ${payment}.status = 'stopped' AND ${payment}.stop_reason = 'death'`
           : 'NOTHING'
       }
       RETURNING payment_id`,
      [
        col('paymentId'),
        col('runId'),
        col('subjectId'),
        col('month'),
        col('personRef'),
        col('programme'),
        col('town'),
        col('amountFen'),
        col('kind'),
        issuedOn,
        issuedBy,
      ],
    );
    const created = new Set(rows.map((r) => r.payment_id));
    const fresh = chunk.filter((l) => created.has(l.paymentId));
    await outbox.appendAll(
      m,
      fresh.map((l) => spec.events.issued(l, issuedOn, issuedBy, now)),
    );
    done.push(...fresh);
  }
  return done;
}
