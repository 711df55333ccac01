export { confirmRun } from './confirm-run';
export { CHUNK, insertPayments } from './insert-payments';
export { paymentId, paymentIdSql } from './monthly-run-spec';
export type { MonthlyRunSpec, PaymentEvents, PaymentLine, StoredPayment } from './monthly-run-spec';
export { monthlyRunTablesSql } from './monthly-run-tables';
export { runMonth } from './run-month';
export { runMonthSet } from './run-month-set';
export type { CandidateSql } from './run-month-set';
export type { RunCandidate, RunOutcome } from './run-month';
export { runReport } from './run-report';
export { stopAfterDeath } from './stop-after-death';
export { paymentColumns, storedPayment } from './stored-payment';
export {
  RunConfirmationResponse,
  RunOutcomeResponse,
  RunReportResponse,
  StoredPaymentResponse,
} from './monthly-run.responses';
