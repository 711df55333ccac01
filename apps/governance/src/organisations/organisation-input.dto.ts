import {
  CREDIT_LISTS,
  IsCreditCode,
  IsDateOnly,
  IsIntIn,
  IsOneOf,
  IsFreeText,
  NoIdNumber,
  IsTown,
  ORGANISATION_KINDS,
} from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class RegisterOrganisationDto {
  @ApiProperty({
    description: 'Registration (or filing) number, unique across the city',
    example: '中民社登字第0273号',
  })
  @IsString()
  @Matches(/^\S(.{0,62}\S)?$/, { message: 'registrationNumber must be 1-64 characters without surrounding spaces' })
  @NoIdNumber()
  registrationNumber: string;

  @ApiProperty() @IsFreeText(200) name: string;

  @ApiPropertyOptional({ description: 'Unified social credit code; filed community organisations have none yet' })
  @IsOptional()
  @IsCreditCode()
  creditCode?: string;

  @ApiProperty({ enum: ORGANISATION_KINDS }) @IsOneOf(ORGANISATION_KINDS) kind: (typeof ORGANISATION_KINDS)[number];

  @ApiProperty({ example: '442000100', description: 'A town code in force (GET /divisions)' }) @IsTown() town: string;

  @ApiPropertyOptional({ description: 'Default: today; never in the future' })
  @IsOptional()
  @IsDateOnly()
  registeredOn?: string;

  @ApiPropertyOptional({ description: 'A hub community organisation (枢纽型) of its town' })
  @IsOptional()
  @IsBoolean()
  hub?: boolean;
}

export class ChangeOrganisationDto {
  @ApiPropertyOptional() @IsOptional() @IsFreeText(200) name?: string;
  @ApiPropertyOptional() @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() hub?: boolean;
  @ApiProperty() @IsFreeText() reason: string;
}

export class AnnualReportDto {
  @ApiProperty({ description: 'A closed year since the organisation registered' }) @IsIntIn(2000, 2100) year: number;
}

export class GradeDto {
  @ApiProperty({ description: 'Evaluation grade 1A-5A', minimum: 1, maximum: 5 }) @IsIntIn(1, 5) grade: number;
  @ApiProperty() @IsFreeText() reason: string;
}

export class CreditListDto {
  @ApiProperty({ enum: CREDIT_LISTS, description: 'none takes the organisation off its list' })
  @IsOneOf(CREDIT_LISTS)
  list: (typeof CREDIT_LISTS)[number];

  @ApiProperty() @IsFreeText() reason: string;

  @ApiPropertyOptional({ description: 'Default: today; never in the past' })
  @IsOptional()
  @IsDateOnly()
  effectiveFrom?: string;
}

export class OrganisationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: ORGANISATION_KINDS }) @IsOptional() @IsOneOf(ORGANISATION_KINDS) kind?: string;
  @ApiPropertyOptional({ enum: CREDIT_LISTS }) @IsOptional() @IsOneOf(CREDIT_LISTS) creditList?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(toBoolean) @IsBoolean() hub?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @NoIdNumber() registrationNumber?: string;
}

export class LateReportQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional() @IsOptional() @IsIntIn(2000, 2100) @Transform(({ value }) => Number(value)) year?: number;
}
