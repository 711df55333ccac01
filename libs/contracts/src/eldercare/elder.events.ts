import { ArrayMinSize, IsArray, IsOptional } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, EXAMPLE_VILLAGE, examplePersonRef } from '../fields/example-values';
import {
  IsDateOnly,
  IsEntityId,
  IsFen,
  IsFlag,
  IsMaskedId,
  IsOneOf,
  IsPersonRef,
  IsText,
  IsTown,
  IsVillage,
} from '../fields/field.decorators';

// Elders (60+) of docs/domain.md §2: registration with living situation, ability assessment,
// institution admission and discharge, and the allowances eldercare grants.

export const LIVING_SITUATIONS = [
  'alone',
  'empty-nest',
  'left-behind',
  'childless',
  'family-planning-special',
  'with-family',
] as const;
export const ECONOMIC_STATUSES = ['dibao', 'low-income', 'extreme-poverty', 'none'] as const;
export const ABILITY_LEVELS = ['intact', 'mild', 'moderate', 'severe', 'complete-loss'] as const;

const elder = { elderId: 'elder-000512', personRef: examplePersonRef('elder'), town: EXAMPLE_TOWN };

export class ElderRegisteredV1Payload {
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsMaskedId() maskedId: string;
  @IsDateOnly() birthDate: string;
  @IsOneOf(['male', 'female']) sex: 'male' | 'female';
  @IsTown() town: string;
  @IsVillage() village: string;
  @IsArray()
  @ArrayMinSize(1)
  @IsOneOf(LIVING_SITUATIONS, { each: true })
  livingSituation: (typeof LIVING_SITUATIONS)[number][];
  @IsOneOf(ECONOMIC_STATUSES) economicStatus: (typeof ECONOMIC_STATUSES)[number];
  /** Special-hardship elders must be visited monthly (docs/domain.md §2 "Visits"). */
  @IsFlag() monthlyVisitRequired: boolean;
}

/** An elder was registered with eldercare. */
export const ElderRegisteredV1 = defineEvent({
  type: 'eldercare.elder.registered',
  version: 1,
  topic: Topics.EldercareElder,
  subjectField: 'elderId',
  payload: ElderRegisteredV1Payload,
  summary: 'An elder was registered with living situation and economic status.',
  example: {
    ...elder,
    maskedId: '442000********0013',
    birthDate: '1942-11-03',
    sex: 'male',
    village: EXAMPLE_VILLAGE,
    livingSituation: ['alone', 'childless'],
    economicStatus: 'dibao',
    monthlyVisitRequired: true,
  },
});

export class ElderAbilityAssessedV1Payload {
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() assessmentId: string;
  @IsDateOnly() assessedOn: string;
  @IsOneOf(ABILITY_LEVELS) level: (typeof ABILITY_LEVELS)[number];
  @IsOptional() @IsOneOf(ABILITY_LEVELS) previousLevel?: (typeof ABILITY_LEVELS)[number];
  @IsDateOnly() nextAssessmentDue: string;
}

/** An ability assessment (老年人能力评估) was completed. */
export const ElderAbilityAssessedV1 = defineEvent({
  type: 'eldercare.elder.ability-assessed',
  version: 1,
  topic: Topics.EldercareElder,
  subjectField: 'elderId',
  payload: ElderAbilityAssessedV1Payload,
  summary: 'An ability assessment (老年人能力评估) was completed.',
  example: {
    ...elder,
    assessmentId: 'asm-2024-0077',
    assessedOn: '2024-05-20',
    level: 'severe',
    previousLevel: 'moderate',
    nextAssessmentDue: '2025-05-20',
  },
});

export class ElderAdmittedV1Payload {
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() institutionId: string;
  @IsEntityId() stayId: string;
  @IsDateOnly() admittedOn: string;
  @IsFlag() nursingBed: boolean;
}

/** An elder was admitted to an institution (养老机构). */
export const ElderAdmittedV1 = defineEvent({
  type: 'eldercare.elder.admitted',
  version: 1,
  topic: Topics.EldercareElder,
  subjectField: 'elderId',
  payload: ElderAdmittedV1Payload,
  summary: 'An elder was admitted to an institution, on a nursing-type bed or not.',
  example: {
    ...elder,
    institutionId: 'inst-0041',
    stayId: 'stay-2024-0310',
    admittedOn: '2024-06-01',
    nursingBed: true,
  },
});

export class ElderDischargedV1Payload {
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() institutionId: string;
  @IsEntityId() stayId: string;
  @IsDateOnly() dischargedOn: string;
  @IsOneOf(['home', 'transfer', 'hospital', 'death', 'other']) reason:
    'home' | 'transfer' | 'hospital' | 'death' | 'other';
}

/** An elder left an institution. */
export const ElderDischargedV1 = defineEvent({
  type: 'eldercare.elder.discharged',
  version: 1,
  topic: Topics.EldercareElder,
  subjectField: 'elderId',
  payload: ElderDischargedV1Payload,
  summary: 'An elder left an institution.',
  example: {
    ...elder,
    institutionId: 'inst-0041',
    stayId: 'stay-2024-0310',
    dischargedOn: '2024-09-15',
    reason: 'home',
  },
});

export const ELDER_ALLOWANCES = ['high-age', 'care-subsidy'] as const;

export class ElderAllowanceGrantedV1Payload {
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() grantId: string;
  @IsOneOf(ELDER_ALLOWANCES) allowance: (typeof ELDER_ALLOWANCES)[number];
  /** From the dated parameter in force on effectiveFrom (age band or care level). */
  @IsFen() monthlyAmountFen: number;
  @IsDateOnly() effectiveFrom: string;
  @IsText() basis: string;
}

/** A high-age allowance or care subsidy was granted. */
export const ElderAllowanceGrantedV1 = defineEvent({
  type: 'eldercare.elder.allowance-granted',
  version: 1,
  topic: Topics.EldercareElder,
  subjectField: 'elderId',
  payload: ElderAllowanceGrantedV1Payload,
  summary: 'A high-age allowance (80+) or a care subsidy for a disabled elder was granted.',
  example: {
    ...elder,
    grantId: 'eg-2024-0199',
    allowance: 'care-subsidy',
    monthlyAmountFen: 200000,
    effectiveFrom: '2024-07-01',
    basis: 'Severe ability loss in a dibao household.',
  },
});

export class ElderAllowanceRedecidedV1Payload {
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() grantId: string;
  @IsOneOf(ELDER_ALLOWANCES) allowance: (typeof ELDER_ALLOWANCES)[number];
  /** The amount paid from effectiveFrom on (until the next decision). */
  @IsFen() monthlyAmountFen: number;
  @IsFen() previousAmountFen: number;
  /** The first day the new amount covers; a month is paid the amount in force on its first day. */
  @IsDateOnly() effectiveFrom: string;
  /** The dated parameter the amount comes from. */
  @IsText(120) parameterKey: string;
  @IsText() basis: string;
}

/**
 * An allowance grant in force was decided again because one of its inputs changed: a dated parameter
 * value took effect, or the elder's economic status or ability level changed the amount.
 */
export const ElderAllowanceRedecidedV1 = defineEvent({
  type: 'eldercare.elder.allowance-redecided',
  version: 1,
  topic: Topics.EldercareElder,
  subjectField: 'elderId',
  payload: ElderAllowanceRedecidedV1Payload,
  summary:
    'The amount of an allowance grant in force changed from a date (parameter value, economic status or ability level).',
  example: {
    ...elder,
    grantId: 'eg-2024-0199',
    allowance: 'high-age',
    monthlyAmountFen: 12000,
    previousAmountFen: 10000,
    effectiveFrom: '2025-01-01',
    parameterKey: 'elder.high_age_allowance.age_80',
    basis: 'elder.high_age_allowance.age_80 is 12000 fen/month from 2025-01-01.',
  },
});

export const ELDER_ALLOWANCE_STOP_REASONS = ['death', 'band-change', 'no-longer-eligible'] as const;

export class ElderAllowanceStoppedV1Payload {
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() grantId: string;
  @IsOneOf(ELDER_ALLOWANCES) allowance: (typeof ELDER_ALLOWANCES)[number];
  /** The last day the grant covers. */
  @IsDateOnly() stoppedOn: string;
  @IsOneOf(ELDER_ALLOWANCE_STOP_REASONS) reason: (typeof ELDER_ALLOWANCE_STOP_REASONS)[number];
}

/** A high-age allowance or care subsidy grant ended (death, replaced by a higher band, or no longer eligible). */
export const ElderAllowanceStoppedV1 = defineEvent({
  type: 'eldercare.elder.allowance-stopped',
  version: 1,
  topic: Topics.EldercareElder,
  subjectField: 'elderId',
  payload: ElderAllowanceStoppedV1Payload,
  summary: 'A high-age allowance or care subsidy grant ended.',
  example: {
    ...elder,
    grantId: 'eg-2024-0199',
    allowance: 'high-age',
    stoppedOn: '2024-09-30',
    reason: 'death',
  },
});

export class ElderSituationChangedV1Payload {
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsArray()
  @ArrayMinSize(1)
  @IsOneOf(LIVING_SITUATIONS, { each: true })
  livingSituation: (typeof LIVING_SITUATIONS)[number][];
  /** Special-hardship elders must be visited monthly (docs/domain.md §2 "Visits"). */
  @IsFlag() monthlyVisitRequired: boolean;
  @IsDateOnly() changedOn: string;
}

/** An elder's living situation changed (e.g. a spouse died: with family → alone). */
export const ElderSituationChangedV1 = defineEvent({
  type: 'eldercare.elder.situation-changed',
  version: 1,
  topic: Topics.EldercareElder,
  subjectField: 'elderId',
  payload: ElderSituationChangedV1Payload,
  summary: "An elder's living situation changed; monthlyVisitRequired says whether monthly visits now apply.",
  example: { ...elder, livingSituation: ['alone'], monthlyVisitRequired: true, changedOn: '2024-10-02' },
});
