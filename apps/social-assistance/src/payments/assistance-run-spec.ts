import {
  createEvent,
  PaymentConfirmedV1,
  PaymentIssuedV1,
  PaymentStoppedV1,
  Programme,
  Sources,
} from '@civic/contracts';
import { MonthlyRunSpec, PaymentLine } from '@civic/monthly-run';
import { correlation } from '@civic/platform';

const facts = (p: PaymentLine) => ({
  paymentId: p.paymentId,
  runMonth: p.month,
  caseId: p.subjectId,
  personRef: p.personRef,
  programme: p.programme as Programme,
  amountFen: p.amountFen,
  town: p.town,
});

/** Social assistance's payments in the shared monthly run: one per case and month (a case has one programme). */
export const ASSISTANCE_RUN: MonthlyRunSpec = {
  name: 'payment-run',
  tables: { payment: 'payment', run: 'payment_run' },
  subjectColumn: 'case_id',
  uniqueKey: ['case_id', 'month'],
  // facts() per payment row, for the set-based run (libs/monthly-run run-month-set.ts)
  issuedData: {
    paymentId: 'r.payment_id',
    runMonth: 'r.month',
    caseId: 'r.case_id',
    personRef: 'r.person_ref',
    programme: 'r.programme',
    amountFen: 'r.amount_fen',
    town: 'r.town',
  },
  events: {
    issued: (l, issuedOn, issuedBy, now) =>
      createEvent(
        PaymentIssuedV1,
        { ...facts(l), issuedOn, actor: { userId: issuedBy, duty: 'disburser' } },
        { source: Sources.assistance, time: now, correlationId: correlation.current() },
      ),
    confirmed: (p, confirmedOn, bankBatchRef) =>
      createEvent(
        PaymentConfirmedV1,
        { ...facts(p), confirmedOn, bankBatchRef },
        { source: Sources.assistance, correlationId: correlation.current() },
      ),
    stopped: (p, stoppedOn, reason, cause) =>
      createEvent(
        PaymentStoppedV1,
        { ...facts(p), stoppedOn, reasonCode: 'death', reason, causeEventId: cause.id },
        { source: Sources.assistance, correlationId: cause.correlationid, causationId: cause.id },
      ),
  },
};
