import { shanghaiDate } from '@civic/calendar';
import { notifyRelaySql, outboxRowsSql } from '@civic/messaging';
import { EntityManager } from 'typeorm';
import { MonthlyRunSpec, PaymentLine } from './monthly-run-spec';
import { RunOutcome } from './run-month';

/** SQLSTATE unique_violation: the plain insert met a payment committed after its snapshot. */
const UNIQUE_VIOLATION = '23505';

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
 * (a plain INSERT ... SELECT, with an UPDATE reissuing a payment stopped for a death since revoked),
 * appends one issued event per inserted or reissued row to the outbox and counts the skipped. When that
 * insert meets a payment committed after its snapshot (unique violation) it is rolled back to a
 * savepoint and the statement runs again with ON CONFLICT on the unique key. Same guarantees as
 * `runMonth`: idempotent, once per beneficiary and month, events in the same transaction.
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
    // each payment column as written from a candidate `c`; the unique key's columns must be among them
    const from: Record<string, string> = {
      payment_id: 'c.payment_id',
      run_id: p(1),
      [subject]: `c.${subject}`,
      month: p(2),
      person_ref: 'c.person_ref',
      programme: 'c.programme',
      town: 'c.town',
      amount_fen: 'c.amount_fen',
      kind: "'monthly'",
      issued_on: `${p(3)}::date`,
      issued_by: p(4),
    };
    const sameKey = (alias: string) =>
      spec.uniqueKey
        .map((k) => {
          if (!from[k]) throw new Error(`${spec.name}: unique key column ${k} is not written by the run`);
          return `${alias}.${k} = ${from[k]}`;
        })
        .join(' AND ');
    const insert = `INSERT INTO ${payment} (${Object.keys(from).join(', ')})
         SELECT ${Object.values(from).join(', ')} FROM cand c WHERE c.skip IS NULL`;
    // the sort reads every candidate before the first insert: the candidates' anti-join on the payment
    // table never rescans rows this statement is adding (planned on an empty table it is a nested loop,
    // which made the run quadratic), and ids are drawn in payment order
    const sorted = 'ORDER BY c.payment_id';
    const reissue = (
      amount: string,
    ) => `status = 'issued', kind = 'monthly', amount_fen = ${amount}, issued_on = ${p(3)}::date,
           issued_by = ${p(4)}, stopped_on = NULL, stop_reason = NULL, flagged_after_death = false`;
    const rest = `announced AS (${events.sql})
       SELECT (SELECT count(*) FROM ins)::int AS created, (SELECT COALESCE(sum(amount_fen), 0) FROM ins)::text AS created_fen,
              ${counts}, ${notifyRelaySql('announced')} AS notified`;
    // A plain INSERT: ON CONFLICT costs a speculative insertion per row (a probe of the key, a
    // speculative lock, a second WAL record): up to 2.3x the insert's time and 6-18% more WAL at 100,000
    // rows (docs/benchmarks.md, "Payment run (set-based)", third pass). A candidate's payment stopped for a
    // death is reissued by an UPDATE in the same statement and left out of the insert.
    const plain = `WITH cand AS MATERIALIZED (${candidates.sql}),
       reissued AS (
         UPDATE ${payment} x SET ${reissue('c.amount_fen')}
           FROM cand c WHERE c.skip IS NULL AND ${sameKey('x')} AND x.status = 'stopped' AND x.stop_reason = 'death'
         RETURNING x.*),
       fresh AS (
         ${insert} AND NOT EXISTS (SELECT 1 FROM reissued x WHERE ${sameKey('x')})
         ${sorted}
         RETURNING *),
       -- NOT MATERIALIZED: each reader reads fresh and reissued themselves, not a third copy of the rows
       ins AS NOT MATERIALIZED (SELECT * FROM fresh UNION ALL SELECT * FROM reissued),
       ${rest}`;
    // The same with ON CONFLICT, for when the plain insert meets a payment committed after its snapshot
    // (arrears for the month from a reaction or a reinstatement: insertPayments takes no run lock):
    // that payment is kept and the run pays the others, as before the plain insert.
    const onConflict = `WITH cand AS MATERIALIZED (${candidates.sql}),
       ins AS (
         ${insert}
         ${sorted}
         ON CONFLICT (${spec.uniqueKey.join(', ')}) DO UPDATE SET ${reissue('EXCLUDED.amount_fen')}
           WHERE ${payment}.status = 'stopped' AND ${payment}.stop_reason = 'death'
         RETURNING *),
       ${rest}`;
    const params = [...candidates.params, runId, month, issuedOn, issuedBy, ...events.params];
    await m.query('SAVEPOINT run_month_set');
    try {
      rows = await m.query(plain, params);
      await m.query('RELEASE SAVEPOINT run_month_set');
    } catch (e) {
      if ((e as { code?: string }).code !== UNIQUE_VIOLATION) throw e;
      await m.query('ROLLBACK TO SAVEPOINT run_month_set');
      rows = await m.query(onConflict, params);
    }
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
