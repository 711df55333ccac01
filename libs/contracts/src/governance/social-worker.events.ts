import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, examplePersonRef } from '../fields/example-values';
import { IsDateOnly, IsEntityId, IsOneOf, IsPersonRef, IsText, IsTown } from '../fields/field.decorators';

export const SERVED_DEPARTMENTS = ['assistance', 'eldercare', 'child-welfare', 'charity', 'governance'] as const;

export class SocialWorkerAssignedV1Payload {
  @IsEntityId() socialWorkerId: string;
  @IsEntityId() assignmentId: string;
  /** The "双百" station (双百社工站) the worker belongs to. */
  @IsEntityId() stationId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsOneOf(SERVED_DEPARTMENTS) department: (typeof SERVED_DEPARTMENTS)[number];
  @IsDateOnly() assignedOn: string;
  @IsText() reason: string;
}

/** A social worker was assigned to a person in hardship. */
export const SocialWorkerAssignedV1 = defineEvent({
  type: 'governance.social-worker.assigned',
  version: 1,
  topic: Topics.GovernanceSocialWorker,
  subjectField: 'socialWorkerId',
  payload: SocialWorkerAssignedV1Payload,
  summary: 'A social worker of a town station was assigned to a person in hardship for a department.',
  example: {
    socialWorkerId: 'sw-0193',
    assignmentId: 'asg-2024-0804',
    stationId: 'station-442000100',
    personRef: examplePersonRef('elder'),
    town: EXAMPLE_TOWN,
    department: 'eldercare',
    assignedOn: '2024-07-01',
    reason: 'Monthly visits for an elder living alone.',
  },
});
