import { IsOptional } from 'class-validator';
import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, EXAMPLE_VILLAGE, exampleId, examplePersonRef } from '../fields/example-values';
import {
  IsDateOnly,
  IsEntityId,
  IsFen,
  IsFlag,
  IsIntIn,
  IsMaskedId,
  IsNested,
  IsOneOf,
  IsPersonRef,
  IsTown,
  IsVillage,
} from '../fields/field.decorators';
import { PROGRAMMES, Programme } from './programme';

export const RELATIONS = [
  'head',
  'spouse',
  'child',
  'parent',
  'grandchild',
  'grandparent',
  'sibling',
  'other',
] as const;
export const LABOUR_CAPACITIES = ['full', 'partial', 'none'] as const;
export const SCHOOLING = ['preschool', 'primary', 'middle', 'high', 'vocational', 'university'] as const;
export const INCOME_SOURCES = ['wages', 'business', 'farming', 'pension', 'property', 'transfer', 'other'] as const;
/** Which dibao standard a household is judged against (城镇 / 农村); the two are separate dated parameters. */
export const STANDARD_AREAS = ['urban', 'rural'] as const;
export type StandardArea = (typeof STANDARD_AREAS)[number];

/** One household member as the means test sees them (docs/domain.md "People, households and identity"). */
export class HouseholdMember {
  @IsPersonRef() personRef: string;
  @IsMaskedId() maskedId: string;
  @IsDateOnly() birthDate: string;
  @IsOneOf(['male', 'female']) sex: 'male' | 'female';
  @IsOneOf(RELATIONS) relation: (typeof RELATIONS)[number];
  /** 1 (most severe) to 4; absent when not disabled. */
  @IsOptional() @IsIntIn(1, 4) disabilityLevel?: number;
  @IsOneOf(LABOUR_CAPACITIES) labourCapacity: (typeof LABOUR_CAPACITIES)[number];
  @IsFlag() seriousIllness: boolean;
  @IsOptional() @IsOneOf(SCHOOLING) schooling?: (typeof SCHOOLING)[number];
  @IsFen() monthlyIncomeFen: number;
}

/** Assets the dibao asset limits are checked against. */
export class HouseholdAssets {
  /** Savings, deposits and securities. */
  @IsFen() financialAssetsFen: number;
  @IsIntIn(0, 99) vehicleCount: number;
  @IsIntIn(0, 99) housingUnits: number;
}

export class HouseholdRegisteredV1Payload {
  @IsEntityId() householdId: string;
  @IsTown() town: string;
  @IsVillage() village: string;
  @IsOneOf(['local', 'non-local']) hukouType: 'local' | 'non-local';
  @IsNested(() => HouseholdMember, { array: true, minItems: 1 }) members: HouseholdMember[];
  @IsNested(() => HouseholdAssets) assets: HouseholdAssets;
  @IsFen() totalMonthlyIncomeFen: number;
  @IsFen() perCapitaMonthlyIncomeFen: number;
}

const head: HouseholdMember = {
  personRef: examplePersonRef('household-head'),
  maskedId: '442000********123X',
  birthDate: '1968-04-12',
  sex: 'male',
  relation: 'head',
  disabilityLevel: 2,
  labourCapacity: 'partial',
  seriousIllness: false,
  monthlyIncomeFen: 60000,
};
const child: HouseholdMember = {
  personRef: examplePersonRef('household-child'),
  maskedId: '442000********0026',
  birthDate: '2010-09-01',
  sex: 'female',
  relation: 'child',
  labourCapacity: 'none',
  seriousIllness: false,
  schooling: 'middle',
  monthlyIncomeFen: 0,
};

/** A household was registered with its members, income and assets. */
export const HouseholdRegisteredV1 = defineEvent({
  type: 'assistance.household.registered',
  version: 1,
  topic: Topics.AssistanceHousehold,
  subjectField: 'householdId',
  payload: HouseholdRegisteredV1Payload,
  summary: 'A household was registered with its members, hukou, income and assets.',
  example: {
    householdId: 'hh-2024-000187',
    town: EXAMPLE_TOWN,
    village: EXAMPLE_VILLAGE,
    hukouType: 'local',
    members: [head, child],
    assets: { financialAssetsFen: 1200000, vehicleCount: 0, housingUnits: 1 },
    totalMonthlyIncomeFen: 60000,
    perCapitaMonthlyIncomeFen: 30000,
  },
});

export class HouseholdRegisteredV2Payload extends HouseholdRegisteredV1Payload {
  @IsOneOf(STANDARD_AREAS) standardArea: StandardArea;
  /** Exact annual income in fen (monthly lines × 12 plus annual lines): eligibility compares this, unrounded. */
  @IsFen() annualIncomeFen: number;
}

/**
 * v2 adds the household's standard area and its exact annual income, so a consumer judges
 * eligibility as the means test does (v1's per-capita figure is rounded to the fen).
 */
export const HouseholdRegisteredV2 = defineEvent({
  type: 'assistance.household.registered',
  version: 2,
  topic: Topics.AssistanceHousehold,
  subjectField: 'householdId',
  payload: HouseholdRegisteredV2Payload,
  summary: 'A household was registered with its members, hukou, standard area, exact income and assets.',
  example: { ...HouseholdRegisteredV1.example, standardArea: 'urban', annualIncomeFen: 720000 },
});

export class HouseholdMemberAddedV1Payload {
  @IsEntityId() householdId: string;
  @IsTown() town: string;
  @IsNested(() => HouseholdMember) member: HouseholdMember;
  @IsIntIn(1, 99) memberCount: number;
  @IsFen() perCapitaMonthlyIncomeFen: number;
}

/** A member joined a registered household. */
export const HouseholdMemberAddedV1 = defineEvent({
  type: 'assistance.household.member-added',
  version: 1,
  topic: Topics.AssistanceHousehold,
  subjectField: 'householdId',
  payload: HouseholdMemberAddedV1Payload,
  summary: 'A member joined a household; per-capita income is recomputed.',
  example: {
    householdId: 'hh-2024-000187',
    town: EXAMPLE_TOWN,
    member: {
      personRef: examplePersonRef('household-grandmother'),
      maskedId: '442000********0041',
      birthDate: '1941-02-20',
      sex: 'female',
      relation: 'parent',
      disabilityLevel: 1,
      labourCapacity: 'none',
      seriousIllness: true,
      monthlyIncomeFen: 0,
    },
    memberCount: 3,
    perCapitaMonthlyIncomeFen: 20000,
  },
});

export class HouseholdMemberAddedV2Payload extends HouseholdMemberAddedV1Payload {
  @IsOneOf(STANDARD_AREAS) standardArea: StandardArea;
  /** The household's exact annual income in fen after the member joined. */
  @IsFen() annualIncomeFen: number;
}

/** v2 adds the household's standard area and exact annual income (see HouseholdRegisteredV2). */
export const HouseholdMemberAddedV2 = defineEvent({
  type: 'assistance.household.member-added',
  version: 2,
  topic: Topics.AssistanceHousehold,
  subjectField: 'householdId',
  payload: HouseholdMemberAddedV2Payload,
  summary: 'A member joined a household; per-capita and exact annual income are recomputed.',
  example: { ...HouseholdMemberAddedV1.example, standardArea: 'urban', annualIncomeFen: 720000 },
});

export class MemberIncome {
  @IsPersonRef() personRef: string;
  @IsOneOf(INCOME_SOURCES) source: (typeof INCOME_SOURCES)[number];
  @IsFen() monthlyIncomeFen: number;
}

export class HouseholdIncomeChangedV1Payload {
  @IsEntityId() householdId: string;
  @IsTown() town: string;
  @IsDateOnly() effectiveDate: string;
  /** Every income line after the change, by member and source. */
  @IsNested(() => MemberIncome, { array: true }) incomes: MemberIncome[];
  @IsIntIn(1, 99) memberCount: number;
  @IsFen() totalMonthlyIncomeFen: number;
  @IsFen() perCapitaMonthlyIncomeFen: number;
  @IsFen() previousPerCapitaMonthlyIncomeFen: number;
}

/** A household's income changed; policy rules compare per-capita income with the dibao standard. */
export const HouseholdIncomeChangedV1 = defineEvent({
  type: 'assistance.household.income-changed',
  version: 1,
  topic: Topics.AssistanceHousehold,
  subjectField: 'householdId',
  payload: HouseholdIncomeChangedV1Payload,
  summary: "A household's income changed; carries every income line and the new per-capita income.",
  example: {
    householdId: 'hh-2024-000187',
    town: EXAMPLE_TOWN,
    effectiveDate: '2024-06-01',
    incomes: [
      { personRef: examplePersonRef('household-head'), source: 'wages', monthlyIncomeFen: 30000 },
      { personRef: examplePersonRef('household-grandmother'), source: 'pension', monthlyIncomeFen: 15000 },
    ],
    memberCount: 3,
    totalMonthlyIncomeFen: 45000,
    perCapitaMonthlyIncomeFen: 15000,
    previousPerCapitaMonthlyIncomeFen: 20000,
  },
});

export class HouseholdIncomeChangedV2Payload extends HouseholdIncomeChangedV1Payload {
  @IsOneOf(STANDARD_AREAS) standardArea: StandardArea;
  /** The household's exact annual income in fen after the change. */
  @IsFen() annualIncomeFen: number;
}

/** v2 adds the household's standard area and exact annual income (see HouseholdRegisteredV2). */
export const HouseholdIncomeChangedV2 = defineEvent({
  type: 'assistance.household.income-changed',
  version: 2,
  topic: Topics.AssistanceHousehold,
  subjectField: 'householdId',
  payload: HouseholdIncomeChangedV2Payload,
  summary: "A household's income changed; carries every income line, the new per-capita and exact annual income.",
  example: { ...HouseholdIncomeChangedV1.example, standardArea: 'rural', annualIncomeFen: 540000 },
});

export class HouseholdAssetsChangedV1Payload {
  @IsEntityId() householdId: string;
  @IsTown() town: string;
  @IsDateOnly() effectiveDate: string;
  @IsNested(() => HouseholdAssets) assets: HouseholdAssets;
  @IsNested(() => HouseholdAssets) previousAssets: HouseholdAssets;
}

/** A household's assets changed (checked against the dibao asset limits). */
export const HouseholdAssetsChangedV1 = defineEvent({
  type: 'assistance.household.assets-changed',
  version: 1,
  topic: Topics.AssistanceHousehold,
  subjectField: 'householdId',
  payload: HouseholdAssetsChangedV1Payload,
  summary: "A household's assets changed; the dibao asset limits are re-checked.",
  example: {
    householdId: 'hh-2024-000187',
    town: EXAMPLE_TOWN,
    effectiveDate: '2024-07-15',
    assets: { financialAssetsFen: 5600000, vehicleCount: 1, housingUnits: 1 },
    previousAssets: { financialAssetsFen: 1200000, vehicleCount: 0, housingUnits: 1 },
  },
});

/** One programme whose means-test result differs after the change; amounts are absent when not eligible. */
export class EligibilityChange {
  @IsOneOf(PROGRAMMES) programme: Programme;
  @IsFlag() eligibleBefore: boolean;
  @IsFlag() eligibleAfter: boolean;
  @IsOptional() @IsFen() amountBeforeFen?: number;
  @IsOptional() @IsFen() amountAfterFen?: number;
}

export class HouseholdEligibilityChangedV1Payload {
  @IsEntityId() householdId: string;
  @IsTown() town: string;
  /** The member the cause concerns (e.g. the person a hub record is about). */
  @IsPersonRef() personRef: string;
  @IsDateOnly() checkedOn: string;
  /** The event that caused the re-run, when one did. */
  @IsOptional() @IsEntityId() causeEventId?: string;
  /** Only the programmes whose eligibility or amount changed. */
  @IsNested(() => EligibilityChange, { array: true, minItems: 1 }) changes: EligibilityChange[];
}

/** A re-run of the means test gave a different result than before the household changed. */
export const HouseholdEligibilityChangedV1 = defineEvent({
  type: 'assistance.household.eligibility-changed',
  version: 1,
  topic: Topics.AssistanceHousehold,
  subjectField: 'householdId',
  payload: HouseholdEligibilityChangedV1Payload,
  summary:
    "A household's means-test result changed (eligibility or amount per programme) after a change such as a hub disability, income or hospital-bill record.",
  example: {
    householdId: 'hh-2024-000187',
    town: EXAMPLE_TOWN,
    personRef: examplePersonRef('household-head'),
    checkedOn: '2024-05-16',
    causeEventId: exampleId('hub-hospital-bill'),
    changes: [
      { programme: 'expenditure-hardship', eligibleBefore: false, eligibleAfter: true, amountAfterFen: 95000 },
      { programme: 'medical', eligibleBefore: false, eligibleAfter: true },
    ],
  },
});
