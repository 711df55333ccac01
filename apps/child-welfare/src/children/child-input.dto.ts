import {
  CARE_MODES,
  CHILD_CATEGORIES,
  GUARDIANSHIP_REVIEW_OUTCOMES,
  GUARDIANSHIPS,
  IsDateOnly,
  IsNested,
  IsOneOf,
  IsPersonRef,
  IsFreeText,
  IsTown,
  IsVillage,
} from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayUnique, IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';
import { PARENT_SITUATIONS, ParentSituation } from '../categories/category-rules';

/** A parent: a resident ID number (validated, stored encrypted) or the personRef of a person already known here. */
export class ParentDto {
  @ApiPropertyOptional({ description: 'resident ID number; never echoed back' })
  @IsOptional()
  @IsString()
  idNumber?: string;

  @ApiPropertyOptional({ description: 'a person this service already knows' })
  @IsOptional()
  @IsPersonRef()
  personRef?: string;

  @ApiPropertyOptional({ enum: PARENT_SITUATIONS, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @IsOneOf(PARENT_SITUATIONS, { each: true })
  situations?: ParentSituation[];
}

export class RegisterChildDto {
  @ApiProperty({ description: 'the child’s resident ID number (under the age-out age); never echoed back' })
  @IsString()
  idNumber: string;

  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ example: '442000100001' }) @IsVillage() village: string;
  @ApiPropertyOptional({ type: ParentDto }) @IsOptional() @IsNested(() => ParentDto) mother?: ParentDto;
  @ApiPropertyOptional({ type: ParentDto }) @IsOptional() @IsNested(() => ParentDto) father?: ParentDto;

  @ApiPropertyOptional({ enum: CARE_MODES, default: 'family' })
  @IsOptional()
  @IsOneOf(CARE_MODES)
  careMode?: (typeof CARE_MODES)[number];

  @ApiPropertyOptional({ description: 'the child is severely disabled or seriously ill' })
  @IsOptional()
  @IsBoolean()
  disabledOrIll?: boolean;

  @ApiPropertyOptional({ description: 'the household receives dibao or extreme-poverty support' })
  @IsOptional()
  @IsBoolean()
  householdInPoverty?: boolean;

  @ApiPropertyOptional({
    enum: CHILD_CATEGORIES,
    description: 'the category the registering office expects; refused when the facts decide another',
  })
  @IsOptional()
  @IsOneOf(CHILD_CATEGORIES)
  claimedCategory?: (typeof CHILD_CATEGORIES)[number];
}

export class ChangeGuardianshipDto {
  @ApiProperty({ enum: GUARDIANSHIPS }) @IsOneOf(GUARDIANSHIPS) guardianship: (typeof GUARDIANSHIPS)[number];
  @ApiPropertyOptional({ type: ParentDto, description: 'the guardian when a person (not for state guardianship)' })
  @IsOptional()
  @IsNested(() => ParentDto)
  guardian?: ParentDto;
  @ApiProperty() @IsFreeText() reason: string;
}

/** The outcome of a guardianship review; a new arrangement only with change-guardian. */
export class GuardianshipReviewDto {
  @ApiProperty({ enum: GUARDIANSHIP_REVIEW_OUTCOMES })
  @IsOneOf(GUARDIANSHIP_REVIEW_OUTCOMES)
  outcome: (typeof GUARDIANSHIP_REVIEW_OUTCOMES)[number];

  @ApiProperty({
    example: '2026-06-01',
    description: 'the day of the review: not in the future, not before the arrangement began',
  })
  @IsDateOnly()
  reviewedOn: string;

  @ApiPropertyOptional({ enum: GUARDIANSHIPS, description: 'the new arrangement (change-guardian only)' })
  @IsOptional()
  @IsOneOf(GUARDIANSHIPS)
  guardianship?: (typeof GUARDIANSHIPS)[number];

  @ApiPropertyOptional({ type: ParentDto, description: 'the new guardian when a person (change-guardian only)' })
  @IsOptional()
  @IsNested(() => ParentDto)
  guardian?: ParentDto;

  @ApiProperty({ description: 'what the review found' }) @IsFreeText() note: string;
}

export class ChildListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: CHILD_CATEGORIES }) @IsOptional() @IsOneOf(CHILD_CATEGORIES) category?: string;
  @ApiPropertyOptional({ enum: ['active', 'aged-out', 'deceased'] })
  @IsOptional()
  @IsOneOf(['active', 'aged-out', 'deceased'])
  status?: string;
  @ApiPropertyOptional() @IsOptional() @IsPersonRef() personRef?: string;
}
