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
import { PROGRAMMES, Programme } from './programme';

// One payment = one case's amount for one run month (docs/domain.md §1 "Payments"); the payment id is
// the aggregate id, so issued → confirmed / stopped of one payment stay in order.

export const PAYMENT_STOP_REASONS = [
  'death',
  'case-suspended',
  'case-terminated',
  'duplicate',
  'bank-rejected',
  'other',
] as const;

/** Fields every payment event carries. */
export class PaymentFacts {
  @IsEntityId() paymentId: string;
  @IsMonth() runMonth: string;
  @IsEntityId() caseId: string;
  @IsPersonRef() personRef: string;
  @IsOneOf(PROGRAMMES) programme: Programme;
  @IsFen() amountFen: number;
  @IsTown() town: string;
}

const facts: PaymentFacts = {
  paymentId: 'pay-2024-07-case-2024-004211',
  runMonth: '2024-07',
  caseId: 'case-2024-004211',
  personRef: examplePersonRef('household-head'),
  programme: 'dibao',
  amountFen: 190000,
  town: EXAMPLE_TOWN,
};

export class PaymentIssuedV1Payload extends PaymentFacts {
  @IsDateOnly() issuedOn: string;
  /** The disburser; never the case's reviewer or approver. */
  @IsNested(() => Actor) actor: Actor;
}

/** A monthly payment run issued a payment. */
export const PaymentIssuedV1 = defineEvent({
  type: 'assistance.payment.issued',
  version: 1,
  topic: Topics.AssistancePayment,
  subjectField: 'paymentId',
  payload: PaymentIssuedV1Payload,
  summary: "A payment run issued one case's payment for the run month (idempotent per case and month).",
  example: { ...facts, issuedOn: '2024-07-05', actor: { userId: 'u-city-0207', duty: 'disburser' } },
});

export class PaymentConfirmedV1Payload extends PaymentFacts {
  @IsDateOnly() confirmedOn: string;
  /** The bank's batch reference, not an account number. */
  @IsEntityId() bankBatchRef: string;
}

/** The bank confirmed the transfer. */
export const PaymentConfirmedV1 = defineEvent({
  type: 'assistance.payment.confirmed',
  version: 1,
  topic: Topics.AssistancePayment,
  subjectField: 'paymentId',
  payload: PaymentConfirmedV1Payload,
  summary: 'The bank confirmed the transfer of an issued payment.',
  example: { ...facts, confirmedOn: '2024-07-08', bankBatchRef: 'zsbank-20240708-0042' },
});

export class PaymentStoppedV1Payload extends PaymentFacts {
  @IsDateOnly() stoppedOn: string;
  @IsOneOf(PAYMENT_STOP_REASONS) reasonCode: (typeof PAYMENT_STOP_REASONS)[number];
  @IsText() reason: string;
  @IsOptional() @IsEntityId() causeEventId?: string;
}

/** A payment was withheld or recalled before it reached the person. */
export const PaymentStoppedV1 = defineEvent({
  type: 'assistance.payment.stopped',
  version: 1,
  topic: Topics.AssistancePayment,
  subjectField: 'paymentId',
  payload: PaymentStoppedV1Payload,
  summary: 'A payment was withheld or recalled (death, suspended or terminated case, duplicate).',
  example: {
    ...facts,
    stoppedOn: '2024-07-06',
    reasonCode: 'death',
    reason: 'Death recorded on 2024-06-28; no payment after the date of death.',
    causeEventId: exampleId('hub-death-formal'),
  },
});
