import { IsOptional } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, examplePersonRef } from '../fields/example-values';
import { IsDateOnly, IsEntityId, IsIntIn, IsOneOf, IsPersonRef, IsText, IsTown } from '../fields/field.decorators';

// Monthly visits to special-hardship elders (docs/domain.md §2 "Visits"). The aggregate is the elder's
// visit schedule, so events are keyed by elderId and a recorded visit orders after an overdue one.

export class VisitRecordedV1Payload {
  @IsEntityId() visitId: string;
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsDateOnly() visitedOn: string;
  @IsEntityId() visitorUserId: string;
  @IsOneOf(['social-worker', 'village-staff', 'volunteer', 'institution-staff']) visitorRole:
    'social-worker' | 'village-staff' | 'volunteer' | 'institution-staff';
  @IsOneOf(['well', 'needs-follow-up', 'referred']) outcome: 'well' | 'needs-follow-up' | 'referred';
  @IsOptional() @IsText() notes?: string;
  @IsDateOnly() nextDueDate: string;
}

/** A home visit to an elder was recorded. */
export const VisitRecordedV1 = defineEvent({
  type: 'eldercare.visit.recorded',
  version: 1,
  topic: Topics.EldercareVisit,
  subjectField: 'elderId',
  payload: VisitRecordedV1Payload,
  summary: 'A home visit to an elder was recorded, with the next due date.',
  example: {
    visitId: 'visit-2024-08812',
    elderId: 'elder-000512',
    personRef: examplePersonRef('elder'),
    town: EXAMPLE_TOWN,
    visitedOn: '2024-07-09',
    visitorUserId: 'sw-0193',
    visitorRole: 'social-worker',
    outcome: 'needs-follow-up',
    notes: 'Stairs unsafe; referred for age-friendly adaptation.',
    nextDueDate: '2024-08-09',
  },
});

export class VisitOverdueV1Payload {
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsOptional() @IsDateOnly() lastVisitedOn?: string;
  @IsDateOnly() dueDate: string;
  @IsIntIn(1, 3650) daysOverdue: number;
}

/** A required monthly visit is overdue. */
export const VisitOverdueV1 = defineEvent({
  type: 'eldercare.visit.overdue',
  version: 1,
  topic: Topics.EldercareVisit,
  subjectField: 'elderId',
  payload: VisitOverdueV1Payload,
  summary: 'A required monthly visit is overdue (a signal for governance to dispatch a social worker).',
  example: {
    elderId: 'elder-000512',
    personRef: examplePersonRef('elder'),
    town: EXAMPLE_TOWN,
    lastVisitedOn: '2024-07-09',
    dueDate: '2024-08-09',
    daysOverdue: 3,
  },
});
