import { IsOptional } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, examplePersonRef } from '../fields/example-values';
import {
  IsDateOnly,
  IsEntityId,
  IsFen,
  IsFlag,
  IsIntIn,
  IsOneOf,
  IsPersonRef,
  IsText,
  IsTown,
} from '../fields/field.decorators';

// Temporary assistance (临时救助, docs/domain.md §1): the emergency type is paid first and documented
// later, with a parameterised paperwork deadline; an unmet deadline is a signal of its own.

export class TemporaryAssistancePaidV1Payload {
  @IsEntityId() grantId: string;
  @IsEntityId() householdId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsOneOf(['ordinary', 'small-amount', 'special']) kind: 'ordinary' | 'small-amount' | 'special';
  @IsOneOf(['emergency', 'expenditure']) mode: 'emergency' | 'expenditure';
  @IsFen() amountFen: number;
  @IsDateOnly() paidOn: string;
  /** Set for emergency payments: the day the paperwork must be complete. */
  @IsOptional() @IsDateOnly() paperworkDueDate?: string;
  /** Paid from the town's reserve fund (备用金). */
  @IsFlag() fromReserveFund: boolean;
  @IsText() reason: string;
}

/** Temporary assistance was paid. */
export const TemporaryAssistancePaidV1 = defineEvent({
  type: 'assistance.temporary-assistance.paid',
  version: 1,
  topic: Topics.AssistanceTemporaryAssistance,
  subjectField: 'grantId',
  payload: TemporaryAssistancePaidV1Payload,
  summary: 'Temporary assistance was paid; emergency payments carry the paperwork deadline.',
  example: {
    grantId: 'ta-2024-000931',
    householdId: 'hh-2024-000187',
    personRef: examplePersonRef('household-head'),
    town: EXAMPLE_TOWN,
    kind: 'small-amount',
    mode: 'emergency',
    amountFen: 250000,
    paidOn: '2024-08-02',
    paperworkDueDate: '2024-08-16',
    fromReserveFund: true,
    reason: 'House fire; family without shelter.',
  },
});

export class TemporaryAssistancePaperworkOverdueV1Payload {
  @IsEntityId() grantId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsFen() amountFen: number;
  @IsDateOnly() paidOn: string;
  @IsDateOnly() paperworkDueDate: string;
  @IsIntIn(1, 3650) daysOverdue: number;
}

/** An emergency payment's paperwork was not completed by its deadline. */
export const TemporaryAssistancePaperworkOverdueV1 = defineEvent({
  type: 'assistance.temporary-assistance.paperwork-overdue',
  version: 1,
  topic: Topics.AssistanceTemporaryAssistance,
  subjectField: 'grantId',
  payload: TemporaryAssistancePaperworkOverdueV1Payload,
  summary: "An emergency payment's paperwork was not completed by its deadline.",
  example: {
    grantId: 'ta-2024-000931',
    personRef: examplePersonRef('household-head'),
    town: EXAMPLE_TOWN,
    amountFen: 250000,
    paidOn: '2024-08-02',
    paperworkDueDate: '2024-08-16',
    daysOverdue: 1,
  },
});
