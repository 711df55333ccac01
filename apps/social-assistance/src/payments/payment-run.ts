// The monthly payment run (docs/domain.md §1 Payments; docs/reliability.md P7): every active case of a monthly
// programme gets its amount from the parameters in force on the month's 1st, one payment per case
// and month. Idempotent by construction: the unique (case_id, month) constraint and
// INSERT ... ON CONFLICT RETURNING mean a second run, or a concurrent one, inserts and announces
// only what does not exist yet (or reissues, once, a payment stopped for a death since revoked); an
// advisory lock per month keeps concurrent starts from computing the same cases twice. Rows and
// their payment.issued events are written in chunks in the caller's transaction (docs/reliability.md pitfall 14: no save() in a loop).
import { createEvent, EventEnvelope, PaymentIssuedV1, Programme, Sources } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { correlation } from '@civic/platform';
import { ParameterSet } from '@civic/policy-params';
import { EntityManager } from 'typeorm';
import { shanghaiDate } from '@civic/calendar';
import { Household } from '../households/household.model';
import { MonthlyProgramme, monthlyAmount } from './payment-amount';

export const MONTHLY_PROGRAMMES: readonly MonthlyProgramme[] = [
  'dibao',
  'extreme-poverty',
  'disability-living-subsidy',
  'disability-nursing-subsidy',
];

/** Cases read and payments written per statement. */
const CHUNK = 5_000;

export interface RunOutcome {
  runId: string;
  month: string;
  created: number;
  createdFen: number;
  /** Active cases skipped: a recorded death before the month, or no longer eligible (re-verification needed). */
  skipped: { deceased: number; notEligible: number };
}

/** A payment line ready to insert. */
export interface PaymentLine {
  paymentId: string;
  runId: string | null;
  caseId: string;
  month: string;
  personRef: string;
  programme: string;
  town: string;
  amountFen: number;
  kind: 'monthly' | 'arrears';
}

interface CaseRow {
  case_id: string;
  person_ref: string;
  programme: MonthlyProgramme;
  town: string;
  snapshot: Household;
  death_date: string | null;
}

export function paymentId(month: string, caseId: string): string {
  return `pay-${month}-${caseId}`;
}

/** Runs `month` inside the caller's transaction as `issuedBy` (a disburser); returns what it created. */
export async function runPayments(
  m: EntityManager,
  outbox: Outbox,
  params: ParameterSet,
  month: string,
  issuedBy: string,
  now: Date,
): Promise<RunOutcome> {
  const runId = `run-${month}`;
  await m.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.payment-run.' || $1))`, [month]);
  await m.query(
    `INSERT INTO payment_run (run_id, month, started_by) VALUES ($1, $2, $3) ON CONFLICT (month) DO NOTHING`,
    [runId, month, issuedBy],
  );
  const firstDay = `${month}-01`;
  const outcome: RunOutcome = { runId, month, created: 0, createdFen: 0, skipped: { deceased: 0, notEligible: 0 } };
  let after = '';
  for (;;) {
    const rows: CaseRow[] = await m.query(
      `SELECT c.case_id, c.person_ref, c.programme, c.town, h.snapshot, to_char(d.death_date, 'YYYY-MM-DD') AS death_date
         FROM assistance_case c
         JOIN household h ON h.household_id = c.household_id
         LEFT JOIN person_death d ON d.person_ref = c.person_ref AND d.status <> 'revoked'
        WHERE c.status = 'active' AND c.programme = ANY($1) AND (c.effective_from IS NULL OR c.effective_from <= $2)
          AND c.case_id > $3
          AND NOT EXISTS (SELECT 1 FROM payment p WHERE p.case_id = c.case_id AND p.month = $4
                            AND NOT (p.status = 'stopped' AND p.stop_reason = 'death'))
        ORDER BY c.case_id LIMIT ${CHUNK}`,
      [MONTHLY_PROGRAMMES, firstDay, after, month],
    );
    if (rows.length === 0) break;
    after = rows[rows.length - 1].case_id;
    const lines: PaymentLine[] = [];
    for (const r of rows) {
      const owed = monthlyAmount(
        {
          caseId: r.case_id,
          programme: r.programme,
          household: r.snapshot,
          beneficiaryRef: r.person_ref,
          deathDate: r.death_date,
        },
        month,
        params,
      );
      if (owed.amountFen === 0) {
        if (r.death_date !== null && r.death_date < firstDay) outcome.skipped.deceased++;
        else outcome.skipped.notEligible++;
        continue;
      }
      lines.push({
        paymentId: paymentId(month, r.case_id),
        runId,
        caseId: r.case_id,
        month,
        personRef: r.person_ref,
        programme: r.programme,
        town: r.town,
        amountFen: owed.amountFen,
        kind: 'monthly',
      });
    }
    // A payment stopped for a death that no longer holds (the record was revoked, so the amount
    // above is owed) is reissued in place: the (case, month) row stays unique, so it is paid once.
    const inserted = await insertPayments(m, outbox, lines, issuedBy, now, true);
    outcome.created += inserted.length;
    outcome.createdFen += inserted.reduce((s, l) => s + l.amountFen, 0);
  }
  return outcome;
}

/**
 * Inserts payment lines (ON CONFLICT on case and month: nothing twice) and appends one
 * assistance.payment.issued per row actually inserted, in the caller's transaction.
 * `reissueStoppedForDeath` reissues a payment that was stopped because of a death record later revoked
 * (docs/adr/0009-revoked-death-records.md); the WHERE on the update makes a second attempt a no-op.
 */
export async function insertPayments(
  m: EntityManager,
  outbox: Outbox,
  lines: PaymentLine[],
  issuedBy: string,
  now: Date,
  reissueStoppedForDeath = false,
): Promise<PaymentLine[]> {
  const issuedOn = shanghaiDate(now.toISOString());
  const done: PaymentLine[] = [];
  for (let i = 0; i < lines.length; i += CHUNK) {
    const chunk = lines.slice(i, i + CHUNK);
    const col = <K extends keyof PaymentLine>(k: K) => chunk.map((l) => l[k]);
    const rows: { payment_id: string }[] = await m.query(
      `INSERT INTO payment (payment_id, run_id, case_id, month, person_ref, programme, town, amount_fen, kind, issued_on, issued_by)
       SELECT u.*, $10::date, $11 FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[], $9::text[]) AS u
       ON CONFLICT (case_id, month) DO ${
         reissueStoppedForDeath
           ? `UPDATE SET status = 'issued', kind = EXCLUDED.kind, amount_fen = EXCLUDED.amount_fen, issued_on = EXCLUDED.issued_on, issued_by = EXCLUDED.issued_by, stopped_on = NULL, stop_reason = NULL, flagged_after_death = false
              WHERE payment.status = 'stopped' AND payment.stop_reason = 'death'`
           : 'NOTHING'
       }
       RETURNING payment_id`,
      [
        col('paymentId'),
        col('runId'),
        col('caseId'),
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
    const events: EventEnvelope[] = fresh.map((l) =>
      createEvent(
        PaymentIssuedV1,
        {
          paymentId: l.paymentId,
          runMonth: l.month,
          caseId: l.caseId,
          personRef: l.personRef,
          programme: l.programme as Programme,
          amountFen: l.amountFen,
          town: l.town,
          issuedOn,
          actor: { userId: issuedBy, duty: 'disburser' },
        },
        { source: Sources.assistance, time: now, correlationId: correlation.current() },
      ),
    );
    await outbox.appendAll(m, events);
    done.push(...fresh);
  }
  return done;
}
