import { IsOptional } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { Actor } from '../fields/actor.field';
import { EXAMPLE_TOWN, exampleId, examplePersonRef } from '../fields/example-values';
import {
  IsDateOnly,
  IsEntityId,
  IsFen,
  IsNested,
  IsOneOf,
  IsPersonRef,
  IsText,
  IsTown,
} from '../fields/field.decorators';
import { PROGRAMMES, Programme } from './programme';

// The case workflow of docs/domain.md §1: apply → accept → review → public notice → approve → disburse,
// then suspend / terminate / reinstate. Every event names the case, household, beneficiary,
// programme and town so a consumer needs no lookup back into social-assistance.

export const APPLICATION_CHANNELS = ['counter', 'online', 'proactive-discovery'] as const;
export const CASE_STOP_REASONS = [
  'income-change',
  'assets-change',
  'moved',
  'death',
  'imprisonment',
  'reverification-overdue',
  'duplicate',
  'other',
] as const;

/** Fields every case event carries. */
export class CaseFacts {
  @IsEntityId() caseId: string;
  @IsEntityId() householdId: string;
  /** The applicant and beneficiary. */
  @IsPersonRef() personRef: string;
  @IsOneOf(PROGRAMMES) programme: Programme;
  @IsTown() town: string;
}

const facts: CaseFacts = {
  caseId: 'case-2024-004211',
  householdId: 'hh-2024-000187',
  personRef: examplePersonRef('household-head'),
  programme: 'dibao',
  town: EXAMPLE_TOWN,
};
const actor = (userId: string, duty: Actor['duty']): Actor => ({ userId, duty });

export class CaseAppliedV1Payload extends CaseFacts {
  @IsDateOnly() appliedOn: string;
  @IsOneOf(APPLICATION_CHANNELS) channel: (typeof APPLICATION_CHANNELS)[number];
  /** The policy alert that led to the application, when it came from proactive discovery. */
  @IsOptional() @IsEntityId() alertId?: string;
}

/** A resident applied for a programme. */
export const CaseAppliedV1 = defineEvent({
  type: 'assistance.case.applied',
  version: 1,
  topic: Topics.AssistanceCase,
  subjectField: 'caseId',
  payload: CaseAppliedV1Payload,
  summary: 'A resident applied for an assistance programme (at the counter, online, or after a policy alert).',
  example: { ...facts, appliedOn: '2024-06-03', channel: 'proactive-discovery', alertId: exampleId('alert-dibao') },
});

export class CaseAcceptedV1Payload extends CaseFacts {
  @IsDateOnly() acceptedOn: string;
  @IsNested(() => Actor) actor: Actor;
}

/** The town accepted the application for investigation. */
export const CaseAcceptedV1 = defineEvent({
  type: 'assistance.case.accepted',
  version: 1,
  topic: Topics.AssistanceCase,
  subjectField: 'caseId',
  payload: CaseAcceptedV1Payload,
  summary: 'The town accepted the application; home investigation and financial check follow.',
  example: { ...facts, acceptedOn: '2024-06-04', actor: actor('u-town-0107', 'caseworker') },
});

export class CaseReviewedV1Payload extends CaseFacts {
  @IsDateOnly() reviewedOn: string;
  @IsNested(() => Actor) actor: Actor;
  @IsOneOf(['pass', 'fail']) outcome: 'pass' | 'fail';
  /** The monthly amount the reviewer proposes, when the review passes. */
  @IsOptional() @IsFen() proposedMonthlyAmountFen?: number;
  @IsText() reason: string;
}

/** The town reviewed (审核) the case after investigation. */
export const CaseReviewedV1 = defineEvent({
  type: 'assistance.case.reviewed',
  version: 1,
  topic: Topics.AssistanceCase,
  subjectField: 'caseId',
  payload: CaseReviewedV1Payload,
  summary: 'The town reviewed (审核) the case after home investigation and financial check.',
  example: {
    ...facts,
    reviewedOn: '2024-06-12',
    actor: actor('u-town-0112', 'reviewer'),
    outcome: 'pass',
    proposedMonthlyAmountFen: 190000,
    reason: 'Per-capita income below the standard; assets within limits.',
  },
});

export class CasePublicisedV1Payload extends CaseFacts {
  @IsDateOnly() noticeFrom: string;
  @IsDateOnly() noticeUntil: string;
}

/** The case is on public notice (公示). */
export const CasePublicisedV1 = defineEvent({
  type: 'assistance.case.publicised',
  version: 1,
  topic: Topics.AssistanceCase,
  subjectField: 'caseId',
  payload: CasePublicisedV1Payload,
  summary: 'The case was put on public notice (公示) for the parameterised number of days.',
  example: { ...facts, noticeFrom: '2024-06-13', noticeUntil: '2024-06-19' },
});

export class CaseApprovedV1Payload extends CaseFacts {
  @IsDateOnly() approvedOn: string;
  @IsNested(() => Actor) actor: Actor;
  @IsFen() monthlyAmountFen: number;
  /** First day of the first month paid. */
  @IsDateOnly() effectiveFrom: string;
}

/** The district or city approved (审批) the case. */
export const CaseApprovedV1 = defineEvent({
  type: 'assistance.case.approved',
  version: 1,
  topic: Topics.AssistanceCase,
  subjectField: 'caseId',
  payload: CaseApprovedV1Payload,
  summary: 'The case was approved (审批); payments start from effectiveFrom.',
  example: {
    ...facts,
    approvedOn: '2024-06-21',
    actor: actor('u-city-0031', 'approver'),
    monthlyAmountFen: 190000,
    effectiveFrom: '2024-07-01',
  },
});

export class CaseRejectedV1Payload extends CaseFacts {
  @IsDateOnly() rejectedOn: string;
  @IsNested(() => Actor) actor: Actor;
  @IsOneOf(['acceptance', 'review', 'public-notice', 'approval']) stage:
    'acceptance' | 'review' | 'public-notice' | 'approval';
  @IsText() reason: string;
}

/** The application was refused at some stage. */
export const CaseRejectedV1 = defineEvent({
  type: 'assistance.case.rejected',
  version: 1,
  topic: Topics.AssistanceCase,
  subjectField: 'caseId',
  payload: CaseRejectedV1Payload,
  summary: 'The application was refused at acceptance, review, public notice or approval.',
  example: {
    ...facts,
    rejectedOn: '2024-06-21',
    actor: actor('u-city-0031', 'approver'),
    stage: 'approval',
    reason: 'Financial check found deposits above the asset limit.',
  },
});

export class CaseStoppedPayload extends CaseFacts {
  @IsDateOnly() effectiveFrom: string;
  @IsOneOf(CASE_STOP_REASONS) reasonCode: (typeof CASE_STOP_REASONS)[number];
  @IsText() reason: string;
  /** Absent when the system acted on an event (e.g. a recorded death). */
  @IsOptional() @IsNested(() => Actor) actor?: Actor;
  /** The event that caused the stop, e.g. a hub death record. */
  @IsOptional() @IsEntityId() causeEventId?: string;
}

export class CaseSuspendedV1Payload extends CaseStoppedPayload {}

/** Payments on the case are paused. */
export const CaseSuspendedV1 = defineEvent({
  type: 'assistance.case.suspended',
  version: 1,
  topic: Topics.AssistanceCase,
  subjectField: 'caseId',
  payload: CaseSuspendedV1Payload,
  summary: 'Payments on the case are paused (income change, move, informal death record, overdue re-verification).',
  example: {
    ...facts,
    effectiveFrom: '2024-09-01',
    reasonCode: 'death',
    reason: 'Informal death record from the data hub; awaiting the formal record.',
    causeEventId: exampleId('hub-death-informal'),
  },
});

export class CaseTerminatedV1Payload extends CaseStoppedPayload {}

/** The case is closed; no further payments. */
export const CaseTerminatedV1 = defineEvent({
  type: 'assistance.case.terminated',
  version: 1,
  topic: Topics.AssistanceCase,
  subjectField: 'caseId',
  payload: CaseTerminatedV1Payload,
  summary: 'The case is closed and no further payment is made.',
  example: {
    ...facts,
    effectiveFrom: '2024-10-01',
    reasonCode: 'income-change',
    reason: 'Per-capita income above the standard at re-verification.',
    actor: actor('u-city-0031', 'approver'),
  },
});

export class CaseReinstatedV1Payload extends CaseFacts {
  @IsDateOnly() effectiveFrom: string;
  @IsNested(() => Actor) actor: Actor;
  @IsText() reason: string;
  @IsOptional() @IsEntityId() causeEventId?: string;
}

/** A suspended case pays again; so does one terminated by a death record later revoked (docs/adr/0009). */
export const CaseReinstatedV1 = defineEvent({
  type: 'assistance.case.reinstated',
  version: 1,
  topic: Topics.AssistanceCase,
  subjectField: 'caseId',
  payload: CaseReinstatedV1Payload,
  summary:
    'A suspended case pays again (e.g. a death record was revoked), or a case a revoked death record terminated.',
  example: {
    ...facts,
    effectiveFrom: '2024-09-01',
    actor: actor('u-city-0031', 'approver'),
    reason: 'The data hub revoked the death record.',
    causeEventId: exampleId('hub-death-revoked'),
  },
});
