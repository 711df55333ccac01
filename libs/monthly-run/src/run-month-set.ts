import { shanghaiDate } from '@civic/calendar';
import { notifyRelaySql, outboxRowsSql } from '@civic/messaging';
import { EntityManager } from 'typeorm';
import { MonthlyRunSpec, PaymentLine } from './monthly-run-spec';
import { RunOutcome } from './run-month';

/**
 * The department's candidates for a month, as SQL (its parameters are $1..$n of `params`). One row per
 * beneficiary the month may pay, with the columns `payment_id` (the library's `paymentId(month, …)`),
 * the spec's `subjectColumn`, `person_ref`, `programme`, `town`, `amount_fen` (the amount decided for
 * the month's first day) and `skip` ('deceased' | 'not-eligible' | NULL). Like `runMonth`'s callback it
 * should leave out those already paid this month except a payment stopped for a death.
 */
export interface CandidateSql {
  sql: string;
  params: unknown[];
}

/**
 * `runMonth` as a few statements for a department whose amounts are decided before the run (stored
 * per beneficiary and date, so the month's amount is a join, not a computation): the advisory lock and
 * the run row, one row to build the issued event from, then one statement that inserts every payment
 * (INSERT ... SELECT ... ON CONFLICT on the unique key, reissuing a payment stopped for a death since
 * revoked), appends one issued event per inserted row to the outbox and counts the skipped. Same
 * guarantees as `runMonth`: idempotent, once per beneficiary and month, events in the same transaction.
 * The spec must give `issuedData` (the per-payment fields of the issued event as SQL).
 */
export async function runMonthSet(
  m: EntityManager,
  spec: MonthlyRunSpec,
  month: string,
  issuedBy: string,
  now: Date,
  candidates: CandidateSql,
): Promise<RunOutcome> {
  if (!spec.issuedData) throw new Error(`${spec.name}: runMonthSet needs spec.issuedData`);
  if (!m.queryRunner?.isTransactionActive)
    throw new Error('runMonthSet needs the EntityManager of an open transaction');
  const runId = `run-${month}`;
  const issuedOn = shanghaiDate(now.toISOString());
  const { payment } = spec.tables;
  const subject = spec.subjectColumn;
  await m.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || $1 || $2))`, [`.${spec.name}.`, month]);
  await m.query(
    `INSERT INTO ${spec.tables.run} (run_id, month, started_by) VALUES ($1, $2, $3) ON CONFLICT (month) DO NOTHING`,
    [runId, month, issuedBy],
  );
  // The issued event of one real payment: createEvent validates it against the contract; every other
  // payment's event is this one with its own id and per-payment fields (outboxRowsSql).
  const [sample] = await m.query(`SELECT * FROM (${candidates.sql}) c WHERE c.skip IS NULL LIMIT 1`, candidates.params);
  const n = candidates.params.length;
  const p = (i: number) => `$${n + i}`;
  const counts = `(SELECT count(*) FILTER (WHERE skip = 'deceased') FROM cand)::int AS deceased,
                  (SELECT count(*) FILTER (WHERE skip = 'not-eligible') FROM cand)::int AS not_eligible`;
  let rows: { created: number; created_fen: string; deceased: number; not_eligible: number }[];
  if (!sample) {
    // nothing to pay (a candidate committed since the sample is left to a re-run, as any run leaves later cases)
    rows = await m.query(
      `WITH cand AS (${candidates.sql}) SELECT 0 AS created, '0' AS created_fen, ${counts}`,
      candidates.params,
    );
  } else {
    const line: PaymentLine = {
      paymentId: sample.payment_id,
      runId,
      subjectId: sample[subject],
      month,
      personRef: sample.person_ref,
      programme: sample.programme,
      town: sample.town,
      amountFen: Number(sample.amount_fen),
      kind: 'monthly',
    };
    const template = spec.events.issued(line, issuedOn, issuedBy, now);
    // no ORDER BY: RETURNING gives the rows in the order inserted (payment id); and each event is of its own payment
    const events = outboxRowsSql({ template, data: spec.issuedData, rows: 'ins' }, n + 5);
    rows = await m.query(
      `WITH cand AS MATERIALIZED (${candidates.sql}),
       ins AS (
         INSERT INTO ${payment} (payment_id, run_id, ${subject}, month, person_ref, programme, town, amount_fen, kind, issued_on, issued_by)
         SELECT c.payment_id, ${p(1)}, c.${subject}, ${p(2)}, c.person_ref, c.programme, c.town, c.amount_fen, 'monthly', ${p(3)}::date, ${p(4)}
           FROM cand c WHERE c.skip IS NULL
          -- the sort reads every candidate before the first insert: the candidates' anti-join on the
          -- payment table never rescans rows this statement is adding (planned on an empty table it is a
          -- nested loop, which made the run quadratic), and ids are drawn in payment order
          ORDER BY c.payment_id
         ON CONFLICT (${spec.uniqueKey.join(', ')}) DO UPDATE SET status = 'issued', kind = EXCLUDED.kind, amount_fen = EXCLUDED.amount_fen,
           issued_on = EXCLUDED.issued_on, issued_by = EXCLUDED.issued_by, stopped_on = NULL, stop_reason = NULL, flagged_after_death = false
           WHERE ${payment}.status = 'stopped' AND ${payment}.stop_reason = 'death'
         -- only what the issued events and the counts read: the returned rows are kept in a tuplestore
         -- (spilled past work_mem) and read twice
         RETURNING payment_id, ${subject}, month, person_ref, programme, town, amount_fen),
       announced AS (${events.sql})
       SELECT (SELECT count(*) FROM ins)::int AS created, (SELECT COALESCE(sum(amount_fen), 0) FROM ins)::text AS created_fen,
              ${counts}, ${notifyRelaySql('announced')} AS notified`,
      [...candidates.params, runId, month, issuedOn, issuedBy, ...events.params],
    );
  }
  const [r] = rows;
  return {
    runId,
    month,
    created: r.created,
    createdFen: Number(r.created_fen),
    skipped: { deceased: r.deceased, notEligible: r.not_eligible },
  };
}
