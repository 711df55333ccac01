import { IsOneOf, IsFreeText, IsTown } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString } from 'class-validator';

export const REPORTER_KINDS = ['school', 'hospital', 'police', 'village', 'public', 'other'] as const;
export const CONCERNS = ['abuse', 'neglect', 'abandonment', 'other'] as const;
export const URGENCIES = ['emergency', 'normal'] as const;

/** A mandatory report (强制报告): who reports, where the child is, what is feared, how urgent. */
export class FileReportDto {
  @ApiProperty({ description: 'the child’s resident ID number; never echoed back' })
  @IsString()
  @IsNotEmpty()
  childIdNumber: string;

  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ description: 'where the child is (address or place)' }) @IsFreeText(300) location: string;
  @ApiProperty({ enum: REPORTER_KINDS }) @IsOneOf(REPORTER_KINDS) reporterKind: (typeof REPORTER_KINDS)[number];
  @ApiProperty({ description: 'the reporting person or institution' }) @IsFreeText(200) reporter: string;
  @ApiProperty({ enum: CONCERNS }) @IsOneOf(CONCERNS) concern: (typeof CONCERNS)[number];
  @ApiProperty({ enum: URGENCIES }) @IsOneOf(URGENCIES) urgency: (typeof URGENCIES)[number];
}

export class ReportNoteDto {
  @ApiProperty() @IsFreeText(2000) note: string;
}

export class EmergencyPlacementDto {
  @ApiProperty({ description: 'where the child was placed (e.g. the city minor rescue and protection centre)' })
  @IsFreeText(300)
  placement: string;
}

export class ReportListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'escalated', 'responded', 'closed'] })
  @IsOptional()
  @IsOneOf(['open', 'escalated', 'responded', 'closed'])
  status?: string;
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
}
