import { ALERT_DEPARTMENTS, IsEntityId, IsFreeText, IsPersonRef, NoIdNumber } from '@civic/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { RULE_IDS } from '../rules/rule-catalog';
import { ALERT_STATUSES, STAFF_OUTCOMES } from './alert-lifecycle';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Filters and page of GET /alerts. */
export class ListAlertsQuery {
  @ApiPropertyOptional({ enum: ALERT_DEPARTMENTS }) @IsOptional() @IsIn([...ALERT_DEPARTMENTS]) department?: string;
  @ApiPropertyOptional({ example: '442000100' })
  @IsOptional()
  @Matches(/^\d{9}$/, { message: 'town must be a 9-digit town code' })
  town?: string;
  @ApiPropertyOptional({ enum: RULE_IDS }) @IsOptional() @IsIn(RULE_IDS) ruleId?: string;
  @ApiPropertyOptional({ description: 'the alerts of one person' }) @IsOptional() @IsPersonRef() personRef?: string;
  @ApiPropertyOptional({ description: "the alerts of one household's members" })
  @IsOptional()
  @IsEntityId()
  householdId?: string;
  @ApiPropertyOptional({ enum: ALERT_STATUSES }) @IsOptional() @IsIn([...ALERT_STATUSES]) status?: string;
  @ApiPropertyOptional({ description: 'not yet contacted and past the due date' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 20;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
}

export class AssignAlertDto {
  @ApiProperty({ description: 'user id of the staff member who will contact the person', example: 'u-town-0107' })
  @IsString()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, { message: 'assignee must be a user id' })
  @NoIdNumber()
  assignee: string;
}

export class RecordContactDto {
  @ApiProperty({ example: 'Phoned the household head; home visit agreed.' }) @IsFreeText(500) note: string;
}

export class ResolveAlertDto {
  @ApiProperty({ enum: STAFF_OUTCOMES }) @IsIn([...STAFF_OUTCOMES]) outcome: (typeof STAFF_OUTCOMES)[number];
  @ApiPropertyOptional() @IsOptional() @IsFreeText(500) note?: string;
  @ApiPropertyOptional({ description: 'the case opened when the person enrolled' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/, { message: 'caseId must be an id' })
  caseId?: string;
}

export class PageQuery {
  @ApiPropertyOptional({ default: 20 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit = 20;
  @ApiPropertyOptional({ default: 0 }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) offset = 0;
}
