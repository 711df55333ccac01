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
  IsMaskedId,
  IsOneOf,
  IsPersonRef,
  IsText,
  IsTown,
} from '../fields/field.decorators';

// Life events the hub gateway brings in from the municipal data hub (docs/domain.md "Policy finds
// people"). All share one topic keyed by personRef, so one person's life events stay in order
// (a revoked death record never overtakes the record it revokes).

/** Fields every hub record carries: the hub's record id and the person, pseudonymised. */
export class HubRecordFacts {
  /** The data hub's id of the source record; re-delivery of a record repeats it. */
  @IsEntityId() recordId: string;
  @IsPersonRef() personRef: string;
  @IsMaskedId() maskedId: string;
}

const person = { personRef: examplePersonRef('household-head'), maskedId: '442000********123X' };

export const DEATH_STATUSES = ['informal', 'formal', 'revoked'] as const;

export class DeathRecordedV1Payload extends HubRecordFacts {
  @IsDateOnly() deathDate: string;
  /** informal: reported, not yet certified; formal: certified; revoked: an earlier record was wrong. */
  @IsOneOf(DEATH_STATUSES) status: (typeof DEATH_STATUSES)[number];
  /** For a revocation, the record it revokes. */
  @IsOptional() @IsEntityId() revokesRecordId?: string;
}

/** A death record arrived, was certified, or was revoked. */
export const DeathRecordedV1 = defineEvent({
  type: 'hub.person.death-recorded',
  version: 1,
  topic: Topics.HubLifeEvent,
  subjectField: 'personRef',
  payload: DeathRecordedV1Payload,
  summary: 'A death record arrived (informal), was certified (formal), or was revoked.',
  example: { recordId: 'hub-death-20240628-0011', ...person, deathDate: '2024-06-28', status: 'formal' },
});

export class BirthRegisteredV1Payload extends HubRecordFacts {
  @IsDateOnly() birthDate: string;
  @IsOneOf(['male', 'female']) sex: 'male' | 'female';
  @IsTown() town: string;
  @IsOptional() @IsPersonRef() motherPersonRef?: string;
  @IsOptional() @IsPersonRef() fatherPersonRef?: string;
}

/** A birth was registered; the subject is the child. */
export const BirthRegisteredV1 = defineEvent({
  type: 'hub.person.birth-registered',
  version: 1,
  topic: Topics.HubLifeEvent,
  subjectField: 'personRef',
  payload: BirthRegisteredV1Payload,
  summary: 'A birth was registered; the child is the subject, parents are referenced where known.',
  example: {
    recordId: 'hub-birth-20240302-0420',
    personRef: examplePersonRef('newborn'),
    maskedId: '442000********0025',
    birthDate: '2024-03-02',
    sex: 'female',
    town: EXAMPLE_TOWN,
    motherPersonRef: examplePersonRef('child-mother'),
  },
});

export const DISABILITY_CATEGORIES = [
  'visual',
  'hearing',
  'speech',
  'physical',
  'intellectual',
  'mental',
  'multiple',
] as const;

export class DisabilityCertifiedV1Payload extends HubRecordFacts {
  /** 1 (most severe) to 4. */
  @IsIntIn(1, 4) level: number;
  @IsOneOf(DISABILITY_CATEGORIES) category: (typeof DISABILITY_CATEGORIES)[number];
  @IsDateOnly() certifiedOn: string;
}

/** A disability was certified (or re-graded) by the disabled persons' federation. */
export const DisabilityCertifiedV1 = defineEvent({
  type: 'hub.person.disability-certified',
  version: 1,
  topic: Topics.HubLifeEvent,
  subjectField: 'personRef',
  payload: DisabilityCertifiedV1Payload,
  summary: 'A disability was certified or re-graded (level 1-4 and category).',
  example: { recordId: 'hub-dis-20240410-0031', ...person, level: 2, category: 'physical', certifiedOn: '2024-04-10' },
});

export class HospitalBillSettledV1Payload extends HubRecordFacts {
  @IsDateOnly() billDate: string;
  @IsFen() totalFen: number;
  @IsFen() insurancePaidFen: number;
  /** Rigid medical spending borne by the household (expenditure-type hardship). */
  @IsFen() selfPaidFen: number;
  @IsFlag() inpatient: boolean;
}

/** A hospital bill was settled through medical insurance. */
export const HospitalBillSettledV1 = defineEvent({
  type: 'hub.person.hospital-bill-settled',
  version: 1,
  topic: Topics.HubLifeEvent,
  subjectField: 'personRef',
  payload: HospitalBillSettledV1Payload,
  summary: 'A hospital bill was settled; selfPaidFen counts as rigid spending.',
  example: {
    recordId: 'hub-bill-20240515-8812',
    ...person,
    billDate: '2024-05-15',
    totalFen: 12800000,
    insurancePaidFen: 8300000,
    selfPaidFen: 4500000,
    inpatient: true,
  },
});

export class UnemploymentRegisteredV1Payload extends HubRecordFacts {
  @IsDateOnly() registeredOn: string;
  @IsTown() town: string;
}

/** A person registered as unemployed. */
export const UnemploymentRegisteredV1 = defineEvent({
  type: 'hub.person.unemployment-registered',
  version: 1,
  topic: Topics.HubLifeEvent,
  subjectField: 'personRef',
  payload: UnemploymentRegisteredV1Payload,
  summary: 'A person registered as unemployed.',
  example: { recordId: 'hub-unemp-20240701-0090', ...person, registeredOn: '2024-07-01', town: EXAMPLE_TOWN },
});

export class HukouMovedV1Payload extends HubRecordFacts {
  @IsDateOnly() movedOn: string;
  @IsOneOf(['in', 'out', 'within']) direction: 'in' | 'out' | 'within';
  /** The town left, when it was in this city. */
  @IsOptional() @IsTown() fromTown?: string;
  /** The town joined, when it is in this city. */
  @IsOptional() @IsTown() toTown?: string;
}

/** A person's hukou moved into, out of, or within the city. */
export const HukouMovedV1 = defineEvent({
  type: 'hub.person.hukou-moved',
  version: 1,
  topic: Topics.HubLifeEvent,
  subjectField: 'personRef',
  payload: HukouMovedV1Payload,
  summary: "A person's hukou moved into, out of, or within the city.",
  example: {
    recordId: 'hub-hukou-20240820-0007',
    ...person,
    movedOn: '2024-08-20',
    direction: 'within',
    fromTown: EXAMPLE_TOWN,
    toTown: '442000103',
  },
});

export class ImprisonedV1Payload extends HubRecordFacts {
  @IsDateOnly() fromDate: string;
  @IsOptional() @IsDateOnly() expectedReleaseDate?: string;
}

/** A person was imprisoned (or placed in compulsory rehabilitation). */
export const ImprisonedV1 = defineEvent({
  type: 'hub.person.imprisoned',
  version: 1,
  topic: Topics.HubLifeEvent,
  subjectField: 'personRef',
  payload: ImprisonedV1Payload,
  summary: 'A person was imprisoned or placed in compulsory rehabilitation.',
  example: {
    recordId: 'hub-prison-20240415-0002',
    personRef: examplePersonRef('child-mother'),
    maskedId: '442000********0047',
    fromDate: '2024-04-15',
    expectedReleaseDate: '2027-04-14',
  },
});

export class ReleasedV1Payload extends HubRecordFacts {
  @IsDateOnly() releasedOn: string;
}

/** A person was released from prison or compulsory rehabilitation. */
export const ReleasedV1 = defineEvent({
  type: 'hub.person.released',
  version: 1,
  topic: Topics.HubLifeEvent,
  subjectField: 'personRef',
  payload: ReleasedV1Payload,
  summary: 'A person was released from prison or compulsory rehabilitation.',
  example: {
    recordId: 'hub-release-20270414-0001',
    personRef: examplePersonRef('child-mother'),
    maskedId: '442000********0047',
    releasedOn: '2027-04-14',
  },
});

/**
 * Why a person is absent from their family's care (the de-facto-unsupported child criteria: in
 * prison, in compulsory rehabilitation (强制隔离戒毒), missing (失联), deported). Imprisonment may
 * also arrive as hub.person.imprisoned v1, which stays readable.
 */
export const ABSENCE_REASONS = ['imprisonment', 'compulsory-rehabilitation', 'missing', 'deportation'] as const;

export class AbsenceRecordedV1Payload extends HubRecordFacts {
  @IsOneOf(ABSENCE_REASONS) reason: (typeof ABSENCE_REASONS)[number];
  @IsDateOnly() fromDate: string;
  @IsOptional() @IsDateOnly() expectedEndDate?: string;
}

/** A person can no longer care for their family: imprisoned, in compulsory rehabilitation, missing or deported. */
export const AbsenceRecordedV1 = defineEvent({
  type: 'hub.person.absence-recorded',
  version: 1,
  topic: Topics.HubLifeEvent,
  subjectField: 'personRef',
  payload: AbsenceRecordedV1Payload,
  summary: 'A person is absent from their family: imprisoned, in compulsory rehabilitation, missing or deported.',
  example: {
    recordId: 'hub-absence-20240415-0002',
    personRef: examplePersonRef('child-mother'),
    maskedId: '442000********0047',
    reason: 'missing',
    fromDate: '2024-04-15',
  },
});

export class AbsenceEndedV1Payload extends HubRecordFacts {
  @IsOneOf(ABSENCE_REASONS) reason: (typeof ABSENCE_REASONS)[number];
  @IsDateOnly() endedOn: string;
}

/** The absence ended: released, rehabilitation completed, found, or returned. */
export const AbsenceEndedV1 = defineEvent({
  type: 'hub.person.absence-ended',
  version: 1,
  topic: Topics.HubLifeEvent,
  subjectField: 'personRef',
  payload: AbsenceEndedV1Payload,
  summary: 'An absence recorded with hub.person.absence-recorded ended (released, found, returned).',
  example: {
    recordId: 'hub-absence-end-20250110-0001',
    personRef: examplePersonRef('child-mother'),
    maskedId: '442000********0047',
    reason: 'missing',
    endedOn: '2025-01-10',
  },
});

export const SCHOOL_LEVELS = ['preschool', 'primary', 'middle', 'high', 'vocational', 'university'] as const;

export class SchoolEnrolledV1Payload extends HubRecordFacts {
  @IsOneOf(SCHOOL_LEVELS) level: (typeof SCHOOL_LEVELS)[number];
  @IsText(200) school: string;
  @IsDateOnly() enrolledOn: string;
}

/** A person enrolled at a school or university. */
export const SchoolEnrolledV1 = defineEvent({
  type: 'hub.person.school-enrolled',
  version: 1,
  topic: Topics.HubLifeEvent,
  subjectField: 'personRef',
  payload: SchoolEnrolledV1Payload,
  summary: 'A person enrolled at a school or university (education assistance levels differ by level).',
  example: {
    recordId: 'hub-school-20240901-3310',
    personRef: examplePersonRef('household-child'),
    maskedId: '442000********0026',
    level: 'high',
    school: 'Zhongshan No. 1 Middle School',
    enrolledOn: '2024-09-01',
  },
});
