import { EventEnvelope } from '@civic/contracts';

/**
 * How one department keeps its monthly payments: the table names, the column naming the beneficiary
 * (a social-assistance case, an eldercare elder, …) and the unique key that makes a payment happen
 * once per beneficiary, programme and month, plus the events the department publishes for them.
 * Table and column names are constants of the service, never request input.
 */
export interface MonthlyRunSpec {
  /** Name for the advisory lock that serialises runs of one month. */
  name: string;
  tables: { payment: string; run: string };
  /** The payment column holding the beneficiary id (e.g. `case_id`, `elder_id`). */
  subjectColumn: string;
  /** The columns of the unique constraint a payment is inserted against (ON CONFLICT target). */
  uniqueKey: string[];
  events: PaymentEvents;
  /**
   * For `runMonthSet`: the fields of the issued event that differ per payment, as SQL over the
   * inserted payment row `r` (e.g. `{ paymentId: 'r.payment_id', amountFen: 'r.amount_fen' }`), which
   * has the columns payment_id, the subject column, month, person_ref, programme, town and amount_fen;
   * the other fields are those `events.issued` gives every payment of the run.
   */
  issuedData?: Record<string, string>;
}

/** A payment line ready to insert. */
export interface PaymentLine {
  paymentId: string;
  runId: string | null;
  subjectId: string;
  month: string;
  personRef: string;
  programme: string;
  town: string;
  amountFen: number;
  kind: 'monthly' | 'arrears';
}

/** A stored payment as the library reads it back (events are built from it). */
export interface StoredPayment extends PaymentLine {
  status: 'issued' | 'confirmed' | 'stopped';
}

/** The department's events for the payment lifecycle; each returns an envelope for the outbox. */
export interface PaymentEvents {
  issued(line: PaymentLine, issuedOn: string, issuedBy: string, now: Date): EventEnvelope;
  confirmed(payment: StoredPayment, confirmedOn: string, bankBatchRef: string): EventEnvelope;
  stopped(payment: StoredPayment, stoppedOn: string, reason: string, cause: EventEnvelope): EventEnvelope;
}

/** The payment id of a beneficiary's programme in a month: stable, so a retried run finds the same row. */
export function paymentId(month: string, ...parts: string[]): string {
  return `pay-${month}-${parts.join('-')}`;
}

/** `paymentId` in SQL, over SQL text expressions (for `runMonthSet` candidates). */
export function paymentIdSql(month: string, ...parts: string[]): string {
  return `'pay-' || ${month} || '-' || ${parts.join(` || '-' || `)}`;
}
