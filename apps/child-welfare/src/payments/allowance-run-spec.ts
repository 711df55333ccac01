import {
  CHILD_PAYMENT_BENEFITS,
  ChildPaymentConfirmedV1,
  ChildPaymentIssuedV1,
  ChildPaymentStoppedV1,
  createEvent,
} from '@civic/contracts';
import { MonthlyRunSpec, PaymentLine, paymentId } from '@civic/monthly-run';
import { correlation } from '@civic/platform';
import { CHILD_WELFARE_SOURCE } from '../persistence/event-origin';

type Benefit = (typeof CHILD_PAYMENT_BENEFITS)[number];

/**
 * The one programme a child's allowance is paid under, whatever the category: a re-classification
 * (orphan ↔ de-facto unsupported) changes the grant, not the programme, so the unique key
 * (child, programme, month) still allows one payment per child and month.
 */
export const BASIC_LIVING: Benefit = 'basic-living';

/** The payment of a child's allowance in a month: stable, so a retried run finds the same row. */
export function childPaymentId(month: string, childId: string): string {
  return paymentId(month, childId, 'bl');
}

const facts = (p: PaymentLine) => ({
  paymentId: p.paymentId,
  runMonth: p.month,
  childId: p.subjectId,
  personRef: p.personRef,
  benefit: p.programme as Benefit,
  amountFen: p.amountFen,
  town: p.town,
});

/** Child welfare's allowance payments in the shared monthly run: one per child, programme and month. */
export const CHILD_ALLOWANCE_RUN: MonthlyRunSpec = {
  name: 'child-allowance-run',
  tables: { payment: 'allowance_payment', run: 'allowance_payment_run' },
  subjectColumn: 'child_id',
  uniqueKey: ['child_id', 'programme', 'month'],
  events: {
    issued: (l, issuedOn, issuedBy, now) =>
      createEvent(
        ChildPaymentIssuedV1,
        { ...facts(l), issuedOn, actor: { userId: issuedBy, duty: 'disburser' } },
        { source: CHILD_WELFARE_SOURCE, time: now, correlationId: correlation.current() },
      ),
    confirmed: (p, confirmedOn, bankBatchRef) =>
      createEvent(
        ChildPaymentConfirmedV1,
        { ...facts(p), confirmedOn, bankBatchRef },
        { source: CHILD_WELFARE_SOURCE, correlationId: correlation.current() },
      ),
    stopped: (p, stoppedOn, reason, cause) =>
      createEvent(
        ChildPaymentStoppedV1,
        { ...facts(p), stoppedOn, reasonCode: 'death', reason, causeEventId: cause.id },
        { source: CHILD_WELFARE_SOURCE, correlationId: cause.correlationid, causationId: cause.id },
      ),
  },
};
