import { IsDateOnly, IsEntityId, IsFen, IsFlag, IsFreeText, IsOneOf, IsTown, PROJECT_KINDS } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Min } from 'class-validator';

export class LaunchProjectDto {
  @ApiProperty({ example: 'corg-…' }) @IsEntityId() organisationId: string;
  @ApiProperty({ example: 'Major-illness help for hardship families' }) @IsFreeText(200) title: string;
  @ApiProperty({ enum: PROJECT_KINDS, description: 'micro-fund = 微基金' })
  @IsOneOf(PROJECT_KINDS)
  kind: (typeof PROJECT_KINDS)[number];
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ description: 'who the project helps (no personal data: it is public)' })
  @IsFreeText(500)
  beneficiaryCriteria: string;
  @ApiProperty({ description: 'fundraising goal, integer fen above 0' }) @IsFen() @Min(1) targetFen: number;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'last day of the period; open-ended when absent' })
  @IsOptional()
  @IsDateOnly()
  endsOn?: string;
  @ApiProperty({ description: 'raises from the public (needs a valid public-fundraising qualification)' })
  @IsFlag()
  publicFundraising: boolean;
}

export class ProjectListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsEntityId() organisationId?: string;
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsOneOf(['open', 'closed']) status?:
    'open' | 'closed';
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
}
