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

// One payment = one child's basic-living allowance for one run month (docs/domain.md §3, paid by the
// monthly run of libs/monthly-run); the payment id is the aggregate id, so issued → confirmed / stopped stay in order.

/**
 * The benefits (the monthly run's programmes) child welfare pays: one basic-living allowance, whatever the
 * category. Named `benefit`, not `programme`, so its value list gets its own name in docs/asyncapi.yaml.
 */
export const CHILD_PAYMENT_BENEFITS = ['basic-living'] as const;

export const CHILD_PAYMENT_STOP_REASONS = ['death', 'allowance-stopped', 'other'] as const;

/** Fields every child-welfare payment event carries. */
export class ChildPaymentFacts {
  @IsEntityId() paymentId: string;
  @IsMonth() runMonth: string;
  @IsEntityId() childId: string;
  @IsPersonRef() personRef: string;
  @IsOneOf(CHILD_PAYMENT_BENEFITS) benefit: (typeof CHILD_PAYMENT_BENEFITS)[number];
  @IsFen() amountFen: number;
  @IsTown() town: string;
}

const facts: ChildPaymentFacts = {
  paymentId: 'pay-2024-07-child-000231-bl',
  runMonth: '2024-07',
  childId: 'child-000231',
  personRef: examplePersonRef('child'),
  benefit: 'basic-living',
  amountFen: 155000,
  town: EXAMPLE_TOWN,
};

export class ChildPaymentIssuedV1Payload extends ChildPaymentFacts {
  @IsDateOnly() issuedOn: string;
  @IsNested(() => Actor) actor: Actor;
}

/** The monthly allowance run issued a child's payment. */
export const ChildPaymentIssuedV1 = defineEvent({
  type: 'child-welfare.payment.issued',
  version: 1,
  topic: Topics.ChildWelfarePayment,
  subjectField: 'paymentId',
  payload: ChildPaymentIssuedV1Payload,
  summary:
    "The monthly allowance run issued one child's basic-living allowance for the run month (once per child, programme and month, whatever re-classification happened).",
  example: { ...facts, issuedOn: '2024-07-05', actor: { userId: 'u-city-0412', duty: 'disburser' } },
});

export class ChildPaymentConfirmedV1Payload extends ChildPaymentFacts {
  @IsDateOnly() confirmedOn: string;
  /** The bank's batch reference, not an account number. */
  @IsEntityId() bankBatchRef: string;
}

/** The bank confirmed the transfer of a child's allowance. */
export const ChildPaymentConfirmedV1 = defineEvent({
  type: 'child-welfare.payment.confirmed',
  version: 1,
  topic: Topics.ChildWelfarePayment,
  subjectField: 'paymentId',
  payload: ChildPaymentConfirmedV1Payload,
  summary: "The bank confirmed the transfer of a child's allowance payment.",
  example: { ...facts, confirmedOn: '2024-07-08', bankBatchRef: 'zsbank-20240708-0091' },
});

export class ChildPaymentStoppedV1Payload extends ChildPaymentFacts {
  @IsDateOnly() stoppedOn: string;
  @IsOneOf(CHILD_PAYMENT_STOP_REASONS) reasonCode: (typeof CHILD_PAYMENT_STOP_REASONS)[number];
  @IsText() reason: string;
  @IsOptional() @IsEntityId() causeEventId?: string;
}

/** A child's allowance payment was withheld before it reached the guardian. */
export const ChildPaymentStoppedV1 = defineEvent({
  type: 'child-welfare.payment.stopped',
  version: 1,
  topic: Topics.ChildWelfarePayment,
  subjectField: 'paymentId',
  payload: ChildPaymentStoppedV1Payload,
  summary: "A child's allowance payment was withheld (the child's death recorded after the run).",
  example: {
    ...facts,
    stoppedOn: '2024-07-06',
    reasonCode: 'death',
    reason: 'Death recorded on 2024-06-28; no payment for a month starting after the date of death.',
    causeEventId: exampleId('hub-death-formal'),
  },
});
