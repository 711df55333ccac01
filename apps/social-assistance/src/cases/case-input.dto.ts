import {
  APPLICATION_CHANNELS,
  CASE_STOP_REASONS,
  IsDateOnly,
  IsEntityId,
  IsFlag,
  IsNested,
  IsOneOf,
  IsPersonRef,
  IsFreeText,
  IsTown,
  PROGRAMMES,
} from '@civic/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { PageQueryDto } from '@civic/platform';
import { TemporaryRequestDto } from '../means-test/means-test-preview.dto';
import { CaseStatus } from './case-workflow';

export const CASE_STATUSES: CaseStatus[] = [
  'applied',
  'accepted',
  'investigating',
  'reviewed',
  'publicised',
  'approved',
  'rejected',
  'active',
  'suspended',
  'terminated',
  'active-emergency',
];

export class ApplyDto {
  @ApiProperty() @IsEntityId() householdId: string;
  @ApiProperty({ enum: PROGRAMMES }) @IsOneOf(PROGRAMMES) programme: (typeof PROGRAMMES)[number];
  @ApiPropertyOptional({ description: 'the member the case pays; default the applicant' })
  @IsOptional()
  @IsPersonRef()
  beneficiaryRef?: string;
  @ApiPropertyOptional({ enum: APPLICATION_CHANNELS, default: 'counter' })
  @IsOptional()
  @IsOneOf(APPLICATION_CHANNELS)
  channel?: (typeof APPLICATION_CHANNELS)[number];
  @ApiPropertyOptional({ description: 'the policy alert that led to the application' })
  @IsOptional()
  @IsEntityId()
  alertId?: string;
  @ApiPropertyOptional({ type: TemporaryRequestDto, description: 'required for temporary assistance' })
  @IsOptional()
  @IsNested(() => TemporaryRequestDto)
  temporary?: TemporaryRequestDto;
}

export class ReasonDto {
  @ApiPropertyOptional() @IsOptional() @IsFreeText() reason?: string;
}

export class RequiredReasonDto {
  @ApiProperty() @IsFreeText() reason: string;
}

export class FindingsDto extends ReasonDto {
  @ApiProperty({ description: 'between the application day and today' }) @IsDateOnly() homeVisitOn: string;
  @ApiProperty({ description: 'between the application day and today' }) @IsDateOnly() financialCheckOn: string;
  @ApiProperty() @IsFreeText(2000) summary: string;
}

/** No start date: the notice starts when it is published, and a client-sent `startsOn` is refused (400). */
export class PubliciseDto extends ReasonDto {}

export class ObjectionDto extends ReasonDto {
  @ApiProperty() @IsEntityId() objectionId: string;
  @ApiProperty() @IsFreeText(2000) text: string;
}

export class ResolutionDto extends ReasonDto {
  @ApiProperty() @IsFreeText(2000) resolution: string;
}

export class StopDto extends RequiredReasonDto {
  @ApiProperty({ enum: CASE_STOP_REASONS }) @IsOneOf(CASE_STOP_REASONS) reasonCode: (typeof CASE_STOP_REASONS)[number];
}

export class PayEmergencyDto extends RequiredReasonDto {
  @ApiProperty({ description: 'paid from the town reserve fund (备用金)' }) @IsFlag() fromReserveFund: boolean;
}

export class CaseListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: PROGRAMMES }) @IsOptional() @IsOneOf(PROGRAMMES) programme?: string;
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsOneOf(CASE_STATUSES) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsEntityId() householdId?: string;
  @ApiPropertyOptional() @IsOptional() @IsPersonRef() personRef?: string;
  @ApiPropertyOptional({ description: 'cases whose re-verification is due on or before this date' })
  @IsOptional()
  @IsDateOnly()
  reverificationDueBy?: string;
}
