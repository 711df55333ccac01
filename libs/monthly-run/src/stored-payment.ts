import { MonthlyRunSpec, StoredPayment } from './monthly-run-spec';

/** The payment columns as listed and returned by the library (dates as 'YYYY-MM-DD'). */
export function paymentColumns(spec: MonthlyRunSpec): string {
  return `payment_id, run_id, ${spec.subjectColumn}, month, person_ref, programme, town, amount_fen, kind, status, to_char(issued_on, 'YYYY-MM-DD') AS issued_on, issued_by,
  to_char(confirmed_on, 'YYYY-MM-DD') AS confirmed_on, to_char(stopped_on, 'YYYY-MM-DD') AS stopped_on, stop_reason, flagged_after_death`;
}

export function storedPayment(spec: MonthlyRunSpec, r: Record<string, unknown>): StoredPayment {
  return {
    paymentId: r.payment_id as string,
    runId: r.run_id as string | null,
    subjectId: r[spec.subjectColumn] as string,
    month: r.month as string,
    personRef: r.person_ref as string,
    programme: r.programme as string,
    town: r.town as string,
    amountFen: Number(r.amount_fen),
    kind: r.kind as 'monthly' | 'arrears',
    status: r.status as StoredPayment['status'],
  };
}
