import {
  createEvent,
  ElderPaymentConfirmedV1,
  ElderPaymentIssuedV1,
  ElderPaymentStoppedV1,
  ELDER_ALLOWANCES,
  Sources,
} from '@civic/contracts';
import { MonthlyRunSpec, PaymentLine, paymentId } from '@civic/monthly-run';
import { correlation } from '@civic/platform';

type Allowance = (typeof ELDER_ALLOWANCES)[number];

/** Short codes in payment ids, which must stay within 64 characters beside an elder id. */
const ALLOWANCE_CODES: Record<Allowance, string> = { 'high-age': 'ha', 'care-subsidy': 'cs' };

/** The payment of an elder's allowance in a month: stable, so a retried run finds the same row. */
export function allowancePaymentId(month: string, elderId: string, allowance: Allowance): string {
  return paymentId(month, elderId, ALLOWANCE_CODES[allowance]);
}

const facts = (p: PaymentLine) => ({
  paymentId: p.paymentId,
  runMonth: p.month,
  elderId: p.subjectId,
  personRef: p.personRef,
  allowance: p.programme as Allowance,
  amountFen: p.amountFen,
  town: p.town,
});

/** Eldercare's allowance payments in the shared monthly run: one per elder, allowance and month. */
export const ALLOWANCE_RUN: MonthlyRunSpec = {
  name: 'allowance-run',
  tables: { payment: 'allowance_payment', run: 'allowance_payment_run' },
  subjectColumn: 'elder_id',
  uniqueKey: ['elder_id', 'programme', 'month'],
  events: {
    issued: (l, issuedOn, issuedBy, now) =>
      createEvent(
        ElderPaymentIssuedV1,
        { ...facts(l), issuedOn, actor: { userId: issuedBy, duty: 'disburser' } },
        { source: Sources.eldercare, time: now, correlationId: correlation.current() },
      ),
    confirmed: (p, confirmedOn, bankBatchRef) =>
      createEvent(
        ElderPaymentConfirmedV1,
        { ...facts(p), confirmedOn, bankBatchRef },
        { source: Sources.eldercare, correlationId: correlation.current() },
      ),
    stopped: (p, stoppedOn, reason, cause) =>
      createEvent(
        ElderPaymentStoppedV1,
        { ...facts(p), stoppedOn, reasonCode: 'death', reason, causeEventId: cause.id },
        { source: Sources.eldercare, correlationId: cause.correlationid, causationId: cause.id },
      ),
  },
};
