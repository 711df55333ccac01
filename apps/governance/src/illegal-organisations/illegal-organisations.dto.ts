import { IsDateOnly, IsOneOf, IsFreeText, IsTown } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export const CASE_SOURCES = ['inspection', 'public-report', 'department-referral', 'online-monitoring'] as const;
export const CASE_OUTCOMES = ['banned', 'dissolved', 'registered', 'not-illegal', 'referred'] as const;

export class OpenIllegalCaseDto {
  @ApiProperty({ description: 'The name the suspected organisation uses' }) @IsFreeText(200) name: string;
  @ApiProperty() @IsTown() town: string;
  @ApiPropertyOptional({ description: 'Default: today; never in the future' })
  @IsOptional()
  @IsDateOnly()
  foundOn?: string;
  @ApiProperty({ enum: CASE_SOURCES }) @IsOneOf(CASE_SOURCES) source: (typeof CASE_SOURCES)[number];
  @ApiProperty() @IsFreeText(2000) description: string;
}

export class CloseIllegalCaseDto {
  @ApiProperty({ enum: CASE_OUTCOMES }) @IsOneOf(CASE_OUTCOMES) outcome: (typeof CASE_OUTCOMES)[number];
  @ApiProperty() @IsFreeText() reason: string;
}

export class IllegalCaseListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsOneOf(['open', 'closed']) status?: string;
}
