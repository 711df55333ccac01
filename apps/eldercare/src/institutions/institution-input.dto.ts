import { IsDateOnly, IsEntityId, IsIntIn, IsOneOf, IsFreeText, IsTown, IsVillage } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export const OWNERSHIPS = ['public', 'public-built-private-run', 'private'] as const;
export const BED_TYPES = ['nursing', 'general'] as const;
export const DISCHARGE_REASONS = ['home', 'transfer', 'hospital', 'death', 'other'] as const;

export class RegisterInstitutionDto {
  @ApiProperty({ example: '石岐颐养院' }) @IsFreeText(200) name: string;
  @ApiProperty({ enum: OWNERSHIPS }) @IsOneOf(OWNERSHIPS) ownership: (typeof OWNERSHIPS)[number];
  @ApiPropertyOptional({ minimum: 1, maximum: 5 }) @IsOptional() @IsIntIn(1, 5) starRating?: number;
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ example: '442000100001' }) @IsVillage() village: string;
  @ApiProperty({ description: 'nursing-type beds (护理型床位)', minimum: 0 }) @IsIntIn(0, 100000) nursingBeds: number;
  @ApiProperty({ description: 'other beds', minimum: 0 }) @IsIntIn(0, 100000) generalBeds: number;
}

export class AdmitDto {
  @ApiProperty({ example: 'elder-…' }) @IsEntityId() elderId: string;
  @ApiProperty({ enum: BED_TYPES }) @IsOneOf(BED_TYPES) bedType: (typeof BED_TYPES)[number];
  @ApiProperty({ example: '2024-06-01', description: 'not after today' }) @IsDateOnly() admittedOn: string;
}

export class DischargeDto {
  @ApiProperty() @IsEntityId() stayId: string;
  @ApiProperty({ example: '2024-09-15', description: 'not after today, not before the admission' })
  @IsDateOnly()
  dischargedOn: string;
  @ApiProperty({ enum: DISCHARGE_REASONS }) @IsOneOf(DISCHARGE_REASONS) reason: (typeof DISCHARGE_REASONS)[number];
}

export class InstitutionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: OWNERSHIPS }) @IsOptional() @IsOneOf(OWNERSHIPS) ownership?: string;
}
