import { IsOptional } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, EXAMPLE_VILLAGE, examplePersonRef } from '../fields/example-values';
import {
  IsDateOnly,
  IsEntityId,
  IsFen,
  IsMaskedId,
  IsOneOf,
  IsPersonRef,
  IsText,
  IsTown,
  IsVillage,
} from '../fields/field.decorators';

// Children of docs/domain.md §3: categories, guardianship, allowances and age-out at 18.

export const CHILD_CATEGORIES = ['orphan', 'de-facto-unsupported', 'in-difficulty', 'left-behind', 'none'] as const;
export const CARE_MODES = ['institution', 'family'] as const;
export const GUARDIANSHIPS = ['parent', 'relative', 'temporary-state', 'long-term-state', 'other'] as const;

const child = { childId: 'child-000233', personRef: examplePersonRef('child'), town: EXAMPLE_TOWN };

export class ChildRegisteredV1Payload {
  @IsEntityId() childId: string;
  @IsPersonRef() personRef: string;
  @IsMaskedId() maskedId: string;
  @IsDateOnly() birthDate: string;
  @IsOneOf(['male', 'female']) sex: 'male' | 'female';
  @IsTown() town: string;
  @IsVillage() village: string;
  @IsOptional() @IsPersonRef() motherPersonRef?: string;
  @IsOptional() @IsPersonRef() fatherPersonRef?: string;
}

/** A child was registered with child welfare. */
export const ChildRegisteredV1 = defineEvent({
  type: 'child-welfare.child.registered',
  version: 1,
  topic: Topics.ChildWelfareChild,
  subjectField: 'childId',
  payload: ChildRegisteredV1Payload,
  summary: 'A child was registered with child welfare, with references to the parents where known.',
  example: {
    ...child,
    maskedId: '442000********0048',
    birthDate: '2012-03-18',
    sex: 'female',
    village: EXAMPLE_VILLAGE,
    motherPersonRef: examplePersonRef('child-mother'),
    fatherPersonRef: examplePersonRef('child-father'),
  },
});

export class ChildCategoryClassifiedV1Payload {
  @IsEntityId() childId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsOneOf(CHILD_CATEGORIES) category: (typeof CHILD_CATEGORIES)[number];
  @IsOptional() @IsOneOf(CHILD_CATEGORIES) previousCategory?: (typeof CHILD_CATEGORIES)[number];
  /** Orphans are raised in an institution (集中养育) or in a family (分散供养). */
  @IsOptional() @IsOneOf(CARE_MODES) careMode?: (typeof CARE_MODES)[number];
  @IsDateOnly() effectiveFrom: string;
  @IsText() basis: string;
}

/** A child's protection category was set or changed. */
export const ChildCategoryClassifiedV1 = defineEvent({
  type: 'child-welfare.child.category-classified',
  version: 1,
  topic: Topics.ChildWelfareChild,
  subjectField: 'childId',
  payload: ChildCategoryClassifiedV1Payload,
  summary: "A child's category (orphan, de-facto unsupported, in difficulty, left-behind) was set or changed.",
  example: {
    ...child,
    category: 'de-facto-unsupported',
    previousCategory: 'in-difficulty',
    careMode: 'family',
    effectiveFrom: '2024-05-01',
    basis: 'Father deceased; mother imprisoned.',
  },
});

export class ChildGuardianshipChangedV1Payload {
  @IsEntityId() childId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsOneOf(GUARDIANSHIPS) guardianship: (typeof GUARDIANSHIPS)[number];
  /** The guardian when a person, absent when the bureau is guardian. */
  @IsOptional() @IsPersonRef() guardianPersonRef?: string;
  @IsDateOnly() effectiveFrom: string;
  @IsText() reason: string;
}

/** Guardianship of a child changed (temporary or long-term by the bureau included). */
export const ChildGuardianshipChangedV1 = defineEvent({
  type: 'child-welfare.child.guardianship-changed',
  version: 1,
  topic: Topics.ChildWelfareChild,
  subjectField: 'childId',
  payload: ChildGuardianshipChangedV1Payload,
  summary: 'Guardianship of a child changed, including temporary or long-term guardianship by the bureau.',
  example: {
    ...child,
    guardianship: 'temporary-state',
    effectiveFrom: '2024-05-02',
    reason: 'No relative able to act as guardian.',
  },
});

export const GUARDIANSHIP_REVIEW_OUTCOMES = ['guardian-fit', 'guardian-unfit', 'change-guardian'] as const;

export class ChildGuardianshipReviewedV1Payload {
  @IsEntityId() reviewId: string;
  @IsEntityId() childId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  /** guardian-fit: the arrangement continues; guardian-unfit: the bureau takes temporary guardianship; change-guardian: a new guardian. */
  @IsOneOf(GUARDIANSHIP_REVIEW_OUTCOMES) outcome: (typeof GUARDIANSHIP_REVIEW_OUTCOMES)[number];
  @IsDateOnly() reviewedOn: string;
  /** The user id of the reviewing officer. */
  @IsText() reviewedBy: string;
  /** The arrangement after the review. */
  @IsOneOf(GUARDIANSHIPS) guardianship: (typeof GUARDIANSHIPS)[number];
  /** From the dated review interval in force on the review date. */
  @IsDateOnly() nextReviewDue: string;
}

/** A guardianship arrangement was reviewed (assessment and supervision of guardians, docs/domain.md §3). */
export const ChildGuardianshipReviewedV1 = defineEvent({
  type: 'child-welfare.child.guardianship-reviewed',
  version: 1,
  topic: Topics.ChildWelfareChild,
  subjectField: 'childId',
  payload: ChildGuardianshipReviewedV1Payload,
  summary:
    "A child's guardianship was reviewed: guardian fit, unfit (temporary guardianship by the bureau) or changed; with the next review date.",
  example: {
    reviewId: 'gr-2024-0031',
    ...child,
    outcome: 'guardian-fit',
    reviewedOn: '2024-11-02',
    reviewedBy: 'caseworker-17',
    guardianship: 'relative',
    nextReviewDue: '2025-05-02',
  },
});

export class ChildAllowanceGrantedV1Payload {
  @IsEntityId() childId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() grantId: string;
  @IsOneOf(CHILD_CATEGORIES) category: (typeof CHILD_CATEGORIES)[number];
  @IsOptional() @IsOneOf(CARE_MODES) careMode?: (typeof CARE_MODES)[number];
  /** From the dated standard in force on effectiveFrom. */
  @IsFen() monthlyAmountFen: number;
  @IsDateOnly() effectiveFrom: string;
}

/** A basic-living allowance for an orphan or de-facto unsupported child was granted. */
export const ChildAllowanceGrantedV1 = defineEvent({
  type: 'child-welfare.child.allowance-granted',
  version: 1,
  topic: Topics.ChildWelfareChild,
  subjectField: 'childId',
  payload: ChildAllowanceGrantedV1Payload,
  summary: 'A basic-living allowance for an orphan or de-facto unsupported child was granted.',
  example: {
    ...child,
    grantId: 'cg-2024-0061',
    category: 'de-facto-unsupported',
    careMode: 'family',
    monthlyAmountFen: 155000,
    effectiveFrom: '2024-05-01',
  },
});

export class ChildAgedOutV1Payload {
  @IsEntityId() childId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsDateOnly() eighteenthBirthday: string;
  @IsOneOf(CHILD_CATEGORIES) lastCategory: (typeof CHILD_CATEGORIES)[number];
  @IsOneOf(['adult-orphan-placement', 'independent', 'family', 'other']) placement:
    'adult-orphan-placement' | 'independent' | 'family' | 'other';
}

/** A child turned 18 and left child-welfare support. */
export const ChildAgedOutV1 = defineEvent({
  type: 'child-welfare.child.aged-out',
  version: 1,
  topic: Topics.ChildWelfareChild,
  subjectField: 'childId',
  payload: ChildAgedOutV1Payload,
  summary: 'A child turned 18; child allowances end and adult placement begins.',
  example: {
    ...child,
    eighteenthBirthday: '2030-03-18',
    lastCategory: 'de-facto-unsupported',
    placement: 'adult-orphan-placement',
  },
});

export const CHILD_ALLOWANCE_STOP_REASONS = ['aged-out', 're-classified', 'died', 'other'] as const;

export class ChildAllowanceStoppedV1Payload {
  @IsEntityId() childId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() grantId: string;
  /** The last day paid for; nothing is owed for a day after it. */
  @IsDateOnly() lastDay: string;
  @IsOneOf(CHILD_ALLOWANCE_STOP_REASONS) reason: (typeof CHILD_ALLOWANCE_STOP_REASONS)[number];
}

/** A child's allowance stopped (aged out, re-classified to a category without one, died). */
export const ChildAllowanceStoppedV1 = defineEvent({
  type: 'child-welfare.child.allowance-stopped',
  version: 1,
  topic: Topics.ChildWelfareChild,
  subjectField: 'childId',
  payload: ChildAllowanceStoppedV1Payload,
  summary: "A child's basic-living allowance stopped: aged out at 18, re-classified without an allowance, or died.",
  example: { ...child, grantId: 'cg-2024-0061', lastDay: '2030-03-17', reason: 'aged-out' },
});

export class ChildAdoptionRegisteredV1Payload {
  @IsEntityId() adoptionId: string;
  /** The adopted child. */
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsOptional() @IsPersonRef() adoptiveMotherPersonRef?: string;
  @IsOptional() @IsPersonRef() adoptiveFatherPersonRef?: string;
  /** The date the adoption took effect (the registration day); the adopters are the parents from then. */
  @IsDateOnly() registeredOn: string;
}

/** An adoption was registered after a suitable assessment: the adopters are the child's parents from then on. */
export const ChildAdoptionRegisteredV1 = defineEvent({
  type: 'child-welfare.child.adoption-registered',
  version: 1,
  topic: Topics.ChildWelfareChild,
  subjectField: 'adoptionId',
  payload: ChildAdoptionRegisteredV1Payload,
  summary: "An adoption was registered after its assessment; the adopters are the child's parents from the date.",
  example: {
    adoptionId: 'adopt-2024-0007',
    personRef: examplePersonRef('child'),
    town: EXAMPLE_TOWN,
    adoptiveMotherPersonRef: examplePersonRef('adoptive-mother'),
    adoptiveFatherPersonRef: examplePersonRef('adoptive-father'),
    registeredOn: '2024-09-02',
  },
});
