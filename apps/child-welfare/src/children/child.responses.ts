import { CARE_MODES, CHILD_CATEGORIES, GUARDIANSHIP_REVIEW_OUTCOMES, GUARDIANSHIPS } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';

// What the child routes answer (child-view.ts, children.service.ts, allowances.service.ts, age-out).

const ref = { type: String, nullable: true };
const day = { type: String, format: 'date', nullable: true };

/** A child as the API shows it: personRef and masked ID, never the raw number. */
export class ChildResponse {
  @ApiProperty() childId: string;
  @ApiProperty() personRef: string;
  @ApiProperty() maskedId: string;
  @ApiProperty({ format: 'date' }) birthDate: string;
  @ApiProperty({ enum: ['male', 'female'] }) sex: string;
  @ApiProperty() town: string;
  @ApiProperty() village: string;
  @ApiProperty(ref) motherPersonRef: string | null;
  @ApiProperty(ref) fatherPersonRef: string | null;
  @ApiProperty({ enum: CARE_MODES }) careMode: string;
  @ApiProperty() disabledOrIll: boolean;
  @ApiProperty() householdInPoverty: boolean;
  @ApiProperty({ enum: CHILD_CATEGORIES, description: 'decided by the rules from the facts' }) category: string;
  @ApiProperty() categoryBasis: string;
  @ApiProperty({ format: 'date' }) categoryFrom: string;
  @ApiProperty({ enum: ['active', 'aged-out'] }) status: string;
  @ApiProperty({ format: 'date' }) ageOutDate: string;
  @ApiProperty() guardianship: string;
  @ApiProperty(ref) guardianPersonRef: string | null;
  @ApiProperty(day) guardianshipReviewDue: string | null;
}

export class CategoryChange {
  @ApiProperty({ enum: CHILD_CATEGORIES }) category: string;
  @ApiProperty({ enum: CHILD_CATEGORIES, nullable: true }) previousCategory: string | null;
  @ApiProperty() basis: string;
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty({ format: 'date-time' }) changedAt: string;
}

export class ChildAllowanceResponse {
  @ApiProperty() grantId: string;
  @ApiProperty() childId: string;
  @ApiProperty({ enum: CHILD_CATEGORIES }) category: string;
  @ApiProperty({ enum: CARE_MODES }) careMode: string;
  @ApiProperty() monthlyAmountFen: number;
  @ApiProperty({ enum: ['pending', 'active', 'stopped', 'withdrawn'] }) status: string;
  @ApiProperty(day) effectiveFrom: string | null;
  @ApiProperty(day) lastDay: string | null;
  @ApiProperty(ref) stopReason: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'the dated parameter values used' })
  parameters: unknown;
  @ApiProperty(ref) replacesGrantId: string | null;
  @ApiProperty(ref) approvedBy: string | null;
}

export class PlacementTaskResponse {
  @ApiProperty() taskId: string;
  @ApiProperty() kind: string;
  @ApiProperty({ format: 'date' }) openedOn: string;
  @ApiProperty() status: string;
}

/** A guardianship review as recorded (guardianship-reviews.service.ts). */
export class GuardianshipReviewResponse {
  @ApiProperty() reviewId: string;
  @ApiProperty() childId: string;
  @ApiProperty({ enum: GUARDIANSHIP_REVIEW_OUTCOMES }) outcome: string;
  @ApiProperty({ format: 'date' }) reviewedOn: string;
  @ApiProperty() reviewedBy: string;
  @ApiProperty() note: string;
  @ApiProperty({ enum: GUARDIANSHIPS, description: 'The arrangement after the review' }) guardianship: string;
  @ApiProperty(ref) guardianPersonRef: string | null;
  @ApiProperty({ format: 'date' }) nextReviewDue: string;
}
