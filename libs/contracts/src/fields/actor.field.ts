import { IsEntityId, IsOneOf } from './field.decorators';

/** Duties a person acts in; review, approval and disbursement on one case need three different people (docs/domain.md §1 "Workflow"). */
export const DUTIES = ['caseworker', 'reviewer', 'approver', 'disburser', 'supervisor', 'social-worker'] as const;
export type Duty = (typeof DUTIES)[number];

/** Who took a decision: a staff user id and the duty they acted in. */
export class Actor {
  @IsEntityId() userId: string;
  @IsOneOf(DUTIES) duty: Duty;
}
