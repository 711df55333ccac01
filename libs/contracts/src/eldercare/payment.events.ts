import { IsOptional } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { Actor } from '../fields/actor.field';
import { EXAMPLE_TOWN, exampleId, examplePersonRef } from '../fields/example-values';
import {
  IsDateOnly,
  IsEntityId,
  IsFen,
  IsMonth,
  IsNested,
  IsOneOf,
  IsPersonRef,
  IsText,
  IsTown,
} from '../fields/field.decorators';
import { ELDER_ALLOWANCES } from './elder.events';

// One payment = one elder's allowance for one run month (docs/domain.md §2 benefits, paid by the
// monthly run of libs/monthly-run); the payment id is the aggregate id, so issued → confirmed / stopped stay in order.

export const ELDER_PAYMENT_STOP_REASONS = ['death', 'allowance-stopped', 'bank-rejected', 'other'] as const;

/** Fields every eldercare payment event carries. */
export class ElderPaymentFacts {
  @IsEntityId() paymentId: string;
  @IsMonth() runMonth: string;
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsOneOf(ELDER_ALLOWANCES) allowance: (typeof ELDER_ALLOWANCES)[number];
  @IsFen() amountFen: number;
  @IsTown() town: string;
}

const facts: ElderPaymentFacts = {
  paymentId: 'pay-2024-07-elder-000512-high-age',
  runMonth: '2024-07',
  elderId: 'elder-000512',
  personRef: examplePersonRef('elder'),
  allowance: 'high-age',
  amountFen: 10000,
  town: EXAMPLE_TOWN,
};

export class ElderPaymentIssuedV1Payload extends ElderPaymentFacts {
  @IsDateOnly() issuedOn: string;
  @IsNested(() => Actor) actor: Actor;
}

/** The monthly allowance run issued an elder's payment. */
export const ElderPaymentIssuedV1 = defineEvent({
  type: 'eldercare.payment.issued',
  version: 1,
  topic: Topics.EldercarePayment,
  subjectField: 'paymentId',
  payload: ElderPaymentIssuedV1Payload,
  summary:
    "The monthly allowance run issued one elder's allowance for the run month (once per elder, allowance and month).",
  example: { ...facts, issuedOn: '2024-07-05', actor: { userId: 'u-city-0311', duty: 'disburser' } },
});

export class ElderPaymentConfirmedV1Payload extends ElderPaymentFacts {
  @IsDateOnly() confirmedOn: string;
  /** The bank's batch reference, not an account number. */
  @IsEntityId() bankBatchRef: string;
}

/** The bank confirmed the transfer of an elder's allowance. */
export const ElderPaymentConfirmedV1 = defineEvent({
  type: 'eldercare.payment.confirmed',
  version: 1,
  topic: Topics.EldercarePayment,
  subjectField: 'paymentId',
  payload: ElderPaymentConfirmedV1Payload,
  summary: "The bank confirmed the transfer of an elder's allowance payment.",
  example: { ...facts, confirmedOn: '2024-07-08', bankBatchRef: 'zsbank-20240708-0077' },
});

export class ElderPaymentStoppedV1Payload extends ElderPaymentFacts {
  @IsDateOnly() stoppedOn: string;
  @IsOneOf(ELDER_PAYMENT_STOP_REASONS) reasonCode: (typeof ELDER_PAYMENT_STOP_REASONS)[number];
  @IsText() reason: string;
  @IsOptional() @IsEntityId() causeEventId?: string;
}

/** An elder's allowance payment was withheld before it reached the person. */
export const ElderPaymentStoppedV1 = defineEvent({
  type: 'eldercare.payment.stopped',
  version: 1,
  topic: Topics.EldercarePayment,
  subjectField: 'paymentId',
  payload: ElderPaymentStoppedV1Payload,
  summary: "An elder's allowance payment was withheld (death recorded after the run).",
  example: {
    ...facts,
    stoppedOn: '2024-07-06',
    reasonCode: 'death',
    reason: 'Death recorded on 2024-06-28; no payment for a month starting after the date of death.',
    causeEventId: exampleId('hub-death-formal'),
  },
});
