import { IsOptional } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, examplePersonRef } from '../fields/example-values';
import { IsDateOnly, IsEntityId, IsOneOf, IsPersonRef, IsText, IsTown } from '../fields/field.decorators';
import { SERVED_DEPARTMENTS } from './social-worker.events';

export class VisitTaskCompletedV1Payload {
  @IsEntityId() taskId: string;
  @IsEntityId() socialWorkerId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  /** The department that asked for the visit. */
  @IsOneOf(SERVED_DEPARTMENTS) requestedBy: (typeof SERVED_DEPARTMENTS)[number];
  @IsOneOf(['elder-visit', 'child-visit', 'assistance-investigation', 'reverification', 'other']) kind:
    'elder-visit' | 'child-visit' | 'assistance-investigation' | 'reverification' | 'other';
  /** The requesting department's aggregate, e.g. an elderId or caseId. */
  @IsOptional() @IsEntityId() requestRef?: string;
  @IsDateOnly() completedOn: string;
  @IsOneOf(['done', 'person-absent', 'needs-follow-up', 'referred']) outcome:
    'done' | 'person-absent' | 'needs-follow-up' | 'referred';
  @IsOptional() @IsText() notes?: string;
}

/** A social worker completed a visit task for a department. */
export const VisitTaskCompletedV1 = defineEvent({
  type: 'governance.visit-task.completed',
  version: 1,
  topic: Topics.GovernanceVisitTask,
  subjectField: 'taskId',
  payload: VisitTaskCompletedV1Payload,
  summary: 'A social worker completed a home-visit task that a department requested.',
  example: {
    taskId: 'task-2024-11290',
    socialWorkerId: 'sw-0193',
    personRef: examplePersonRef('elder'),
    town: EXAMPLE_TOWN,
    requestedBy: 'eldercare',
    kind: 'elder-visit',
    requestRef: 'elder-000512',
    completedOn: '2024-08-12',
    outcome: 'done',
  },
});

export class VisitTaskEscalatedV1Payload {
  @IsEntityId() taskId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsOneOf(SERVED_DEPARTMENTS) requestedBy: (typeof SERVED_DEPARTMENTS)[number];
  @IsOptional() @IsEntityId() requestRef?: string;
  @IsDateOnly() dueDate: string;
  @IsDateOnly() escalatedOn: string;
  /** Who the task now waits on: the town station's supervisor. */
  @IsOneOf(['station-supervisor']) escalatedTo: 'station-supervisor';
}

/** A visit task passed its due date without being completed: it is escalated to the town station. */
export const VisitTaskEscalatedV1 = defineEvent({
  type: 'governance.visit-task.escalated',
  version: 1,
  topic: Topics.GovernanceVisitTask,
  subjectField: 'taskId',
  payload: VisitTaskEscalatedV1Payload,
  summary: 'A visit task a department requested is overdue and was escalated to the town station supervisor.',
  example: {
    taskId: 'task-2024-11290',
    personRef: examplePersonRef('elder'),
    town: EXAMPLE_TOWN,
    requestedBy: 'eldercare',
    requestRef: 'elder-000512',
    dueDate: '2024-08-12',
    escalatedOn: '2024-08-13',
    escalatedTo: 'station-supervisor',
  },
});
