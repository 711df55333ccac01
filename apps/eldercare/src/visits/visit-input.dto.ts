import { IsDateOnly, IsMonth, IsOneOf, IsFreeText, IsTown } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export const VISITOR_ROLES = ['social-worker', 'village-staff', 'volunteer', 'institution-staff'] as const;
export const VISIT_OUTCOMES = ['well', 'needs-follow-up', 'referred'] as const;

export class RecordVisitDto {
  @ApiProperty({ example: '2024-07-09', description: 'not after today' }) @IsDateOnly() visitedOn: string;
  @ApiProperty({ enum: VISITOR_ROLES }) @IsOneOf(VISITOR_ROLES) visitorRole: (typeof VISITOR_ROLES)[number];
  @ApiProperty({ enum: VISIT_OUTCOMES }) @IsOneOf(VISIT_OUTCOMES) outcome: (typeof VISIT_OUTCOMES)[number];
  @ApiPropertyOptional({ description: 'findings; never a resident ID number' })
  @IsOptional()
  @IsFreeText(2000)
  notes?: string;
}

export class VisitTaskQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '2024-07' }) @IsOptional() @IsMonth() month?: string;
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: ['open', 'done', 'closed'] })
  @IsOptional()
  @IsOneOf(['open', 'done', 'closed'])
  status?: string;
  @ApiPropertyOptional({ description: 'tasks assigned to this user' })
  @IsOptional()
  @IsFreeText(100)
  assignedTo?: string;
}

export class VisitRateQueryDto {
  @ApiProperty({ example: '2024-07' }) @IsMonth() month: string;
}
