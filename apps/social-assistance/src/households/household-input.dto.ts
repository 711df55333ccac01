import {
  IsDateOnly,
  IsFen,
  IsFlag,
  IsIntIn,
  IsNested,
  IsOneOf,
  IsPersonRef,
  IsFreeText,
  IsTown,
  IsVillage,
} from '@civic/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

// Request bodies for households. Enumerations are the snapshot model's (household.model.ts), so a
// value the means test cannot read is refused at the door with the field and the rule.
export const RELATIONS = [
  'applicant',
  'spouse',
  'child',
  'parent',
  'grandparent',
  'grandchild',
  'sibling',
  'other',
] as const;
export const HUKOU_TYPES = ['local', 'non-local'] as const;
export const STANDARD_AREAS = ['urban', 'rural'] as const;
export const LABOUR_CAPACITIES = ['full', 'partial', 'none'] as const;
export const SCHOOLING = ['none', 'preschool', 'primary', 'middle', 'high', 'university'] as const;
export const SELF_CARE = ['full', 'semi', 'none'] as const;
export const INCOME_SOURCES = ['wages', 'business', 'property', 'transfer', 'pension', 'other'] as const;
export const INCOME_PERIODS = ['monthly', 'annual'] as const;

export class HukouDto {
  @ApiProperty({ example: '442000100' }) @IsTown() townCode: string;
  @ApiProperty({ example: '442000100001' }) @IsVillage() villageCode: string;
}

/** An income line of a member being registered (the member is the one it is nested in). */
export class MemberIncomeDto {
  @ApiProperty({ enum: INCOME_SOURCES }) @IsOneOf(INCOME_SOURCES) source: (typeof INCOME_SOURCES)[number];
  @ApiProperty({ enum: INCOME_PERIODS }) @IsOneOf(INCOME_PERIODS) period: (typeof INCOME_PERIODS)[number];
  @ApiProperty({ description: 'integer fen, not negative', example: 60000 }) @IsFen() amountFen: number;
}

/** Everything about a member but the income lines. */
export class MemberAttributesDto {
  @ApiProperty({ enum: RELATIONS }) @IsOneOf(RELATIONS) relation: (typeof RELATIONS)[number];
  @ApiProperty({ type: HukouDto }) @IsNested(() => HukouDto) hukou: HukouDto;
  @ApiProperty({ enum: HUKOU_TYPES }) @IsOneOf(HUKOU_TYPES) hukouType: (typeof HUKOU_TYPES)[number];
  @ApiProperty({ enum: LABOUR_CAPACITIES })
  @IsOneOf(LABOUR_CAPACITIES)
  labourCapacity: (typeof LABOUR_CAPACITIES)[number];
  @ApiPropertyOptional({
    minimum: 1,
    maximum: 4,
    nullable: true,
    description: '1 is the most severe; absent or null when not disabled',
  })
  @IsOptional()
  @IsIntIn(1, 4)
  disabilityLevel?: 1 | 2 | 3 | 4 | null;
  @ApiProperty() @IsFlag() seriousIllness: boolean;
  @ApiProperty({ enum: SCHOOLING }) @IsOneOf(SCHOOLING) schooling: (typeof SCHOOLING)[number];
  @ApiProperty({ enum: SELF_CARE }) @IsOneOf(SELF_CARE) selfCareAbility: (typeof SELF_CARE)[number];
  @ApiProperty({ description: '法定赡养、抚养、扶养义务人 able to support this member' })
  @IsFlag()
  hasLegalSupporterAbleToSupport: boolean;
}

export class NewMemberDto extends MemberAttributesDto {
  @ApiProperty({
    description: '18-character resident ID number (GB 11643-1999); stored encrypted, never returned',
    example: '11010519491231002X',
  })
  @IsString()
  idNumber: string;
  @ApiProperty({ type: [MemberIncomeDto] })
  @IsNested(() => MemberIncomeDto, { array: true })
  incomes: MemberIncomeDto[];
}

export class AssetsDto {
  @ApiProperty({ description: 'savings, deposits, securities in fen' }) @IsFen() financialAssetsFen: number;
  @ApiProperty() @IsIntIn(0, 99) vehicles: number;
  @ApiProperty({ description: 'dwellings beyond the one lived in' }) @IsIntIn(0, 99) extraHousingUnits: number;
  @ApiProperty() @IsFlag() dangerousHouse: boolean;
}

export class RigidExpenditureDto {
  @ApiProperty() @IsFen() medical: number;
  @ApiProperty() @IsFen() education: number;
  @ApiProperty() @IsFen() rehabilitation: number;
  @ApiProperty() @IsFen() disaster: number;
  @ApiProperty() @IsFen() accident: number;
}

export class RegisterHouseholdDto {
  @ApiProperty({ example: '442000100', description: 'town of the household registration' }) @IsTown() town: string;
  @ApiProperty({ example: '442000100001' }) @IsVillage() village: string;
  @ApiProperty({ enum: STANDARD_AREAS, description: 'which dibao standard applies' })
  @IsOneOf(STANDARD_AREAS)
  standardArea: (typeof STANDARD_AREAS)[number];
  @ApiProperty({ type: [NewMemberDto], minItems: 1 })
  @IsNested(() => NewMemberDto, { array: true, minItems: 1 })
  members: NewMemberDto[];
  @ApiProperty({ type: AssetsDto }) @IsNested(() => AssetsDto) assets: AssetsDto;
  @ApiPropertyOptional({
    type: RigidExpenditureDto,
    description: 'rigid spending in the last 12 months; zero when absent',
  })
  @IsOptional()
  @IsNested(() => RigidExpenditureDto)
  rigidExpenditure?: RigidExpenditureDto;
}

/** Why and from when a change applies (every change keeps a version with who, when and why). */
export class ChangeDto {
  @ApiProperty({ example: '2025-03-01' }) @IsDateOnly() effectiveDate: string;
  @ApiProperty({ example: 'Annual re-verification' }) @IsFreeText() reason: string;
}

export class AddMemberDto extends ChangeDto {
  @ApiProperty({ type: NewMemberDto }) @IsNested(() => NewMemberDto) member: NewMemberDto;
}

export class UpdateMemberDto extends ChangeDto {
  @ApiProperty({ type: MemberAttributesDto }) @IsNested(() => MemberAttributesDto) attributes: MemberAttributesDto;
}

export class RemoveMemberDto extends ChangeDto {}

export class IncomeLineDto extends MemberIncomeDto {
  @ApiProperty() @IsPersonRef() personRef: string;
}

export class ReplaceIncomesDto extends ChangeDto {
  @ApiProperty({ type: [IncomeLineDto], description: 'every income line after the change' })
  @IsNested(() => IncomeLineDto, { array: true })
  incomes: IncomeLineDto[];
}

export class ReplaceAssetsDto extends ChangeDto {
  @ApiProperty({ type: AssetsDto }) @IsNested(() => AssetsDto) assets: AssetsDto;
  @ApiPropertyOptional({ type: RigidExpenditureDto })
  @IsOptional()
  @IsNested(() => RigidExpenditureDto)
  rigidExpenditure?: RigidExpenditureDto;
}
