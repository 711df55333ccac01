import {
  IsDateOnly,
  IsEntityId,
  IsOneOf,
  IsPersonRef,
  IsFreeText,
  NoIdNumber,
  IsTown,
  IsVillage,
  SERVED_DEPARTMENTS,
} from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

export const CERTIFICATE_LEVELS = ['assistant', 'intermediate', 'senior'] as const;

export class OpenStationDto {
  @ApiProperty({ enum: ['station', 'point'], description: 'A town station (社工站) or a village point (社工点)' })
  @IsOneOf(['station', 'point'])
  kind: 'station' | 'point';
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiPropertyOptional({ description: 'Required for a point', example: '442000100001' })
  @IsOptional()
  @IsVillage()
  village?: string;
  @ApiProperty() @IsFreeText(200) name: string;
  @ApiPropertyOptional({ description: 'Default: today' }) @IsOptional() @IsDateOnly() openedOn?: string;
}

export class CertificateDto {
  @ApiProperty({ description: 'Social-work qualification certificate number (社会工作者职业资格证书)' })
  @IsString()
  @Matches(/^[A-Za-z0-9-]{4,40}$/, { message: 'certificateNumber must be 4-40 letters, digits or dashes' })
  @NoIdNumber()
  certificateNumber: string;
  @ApiProperty({ enum: CERTIFICATE_LEVELS })
  @IsOneOf(CERTIFICATE_LEVELS)
  certificateLevel: (typeof CERTIFICATE_LEVELS)[number];
  @ApiPropertyOptional({ description: 'Default: today' }) @IsOptional() @IsDateOnly() certifiedOn?: string;
}

export class RegisterWorkerDto {
  @ApiProperty() @IsFreeText(100) name: string;
  @ApiProperty() @IsEntityId() stationId: string;
  @ApiPropertyOptional({ description: 'With certificateLevel: a certified social worker' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9-]{4,40}$/, { message: 'certificateNumber must be 4-40 letters, digits or dashes' })
  @NoIdNumber()
  certificateNumber?: string;
  @ApiPropertyOptional({ enum: CERTIFICATE_LEVELS })
  @IsOptional()
  @IsOneOf(CERTIFICATE_LEVELS)
  certificateLevel?: (typeof CERTIFICATE_LEVELS)[number];
}

export class AssignDto {
  @ApiProperty() @IsEntityId() socialWorkerId: string;
  @ApiProperty() @IsPersonRef() personRef: string;
  @ApiProperty({ description: 'The town where the person lives' }) @IsTown() town: string;
  @ApiProperty({ enum: SERVED_DEPARTMENTS })
  @IsOneOf(SERVED_DEPARTMENTS)
  department: (typeof SERVED_DEPARTMENTS)[number];
  @ApiProperty() @IsFreeText() reason: string;
}

export class EndAssignmentDto {
  @ApiProperty() @IsFreeText() reason: string;
}

export class WorkerListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional() @IsOptional() @IsEntityId() stationId?: string;
}

export class AssignmentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional() @IsOptional() @IsPersonRef() personRef?: string;
  @ApiPropertyOptional() @IsOptional() @IsEntityId() socialWorkerId?: string;
}
