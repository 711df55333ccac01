import { IsDateOnly, IsEntityId, IsOneOf, IsPersonRef, IsFreeText, IsTown, SERVED_DEPARTMENTS } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export const VISIT_OUTCOMES = ['done', 'person-absent', 'needs-follow-up', 'referred'] as const;
export const TASK_STATUSES = ['open', 'scheduled', 'completed', 'cancelled'] as const;

export class ScheduleVisitDto {
  @ApiProperty() @IsEntityId() socialWorkerId: string;
  @ApiPropertyOptional({ description: 'Default: today; never in the past' })
  @IsOptional()
  @IsDateOnly()
  scheduledOn?: string;
}

export class CompleteVisitDto {
  @ApiProperty({ enum: VISIT_OUTCOMES }) @IsOneOf(VISIT_OUTCOMES) outcome: (typeof VISIT_OUTCOMES)[number];
  @ApiProperty({ description: 'What the worker found; never a resident ID number' }) @IsFreeText(2000) findings: string;
}

export class VisitTaskListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: TASK_STATUSES }) @IsOptional() @IsOneOf(TASK_STATUSES) status?: string;
  @ApiPropertyOptional({ enum: SERVED_DEPARTMENTS }) @IsOptional() @IsOneOf(SERVED_DEPARTMENTS) requestedBy?: string;
  @ApiPropertyOptional() @IsOptional() @IsPersonRef() personRef?: string;
  @ApiPropertyOptional() @IsOptional() @IsEntityId() socialWorkerId?: string;
  @ApiPropertyOptional({ description: 'Only escalated tasks' })
  @IsOptional()
  @IsOneOf(['true', 'false'])
  escalated?: 'true' | 'false';
}

export class CancelVisitDto {
  @ApiProperty() @IsFreeText() reason: string;
}
