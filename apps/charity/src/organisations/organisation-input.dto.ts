import { IsCreditCode, IsDateOnly, IsFen, IsFreeText, IsIntIn, IsOneOf, IsTown } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

/** Evaluation grades of social organisations (社会组织评估等级). */
export const GRADES = ['5A', '4A', '3A', '2A', '1A'] as const;

export class RegisterOrganisationDto {
  @ApiProperty({ example: 'Zhongshan Red Heart Charity Federation' }) @IsFreeText(200) name: string;
  @ApiProperty({ example: '53442000MJL0123456', description: 'unified social credit code' })
  @IsCreditCode()
  creditCode: string;
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ example: '2021-03-15', description: 'recognised as a charitable organisation on' })
  @IsDateOnly()
  registeredOn: string;
}

export class FundraisingQualificationDto {
  @ApiProperty({ example: '2024-01-01' }) @IsDateOnly() validFrom: string;
  @ApiProperty({ example: '2026-12-31' }) @IsDateOnly() validUntil: string;
}

export class GradeDto {
  @ApiProperty({ enum: GRADES }) @IsOneOf(GRADES) grade: (typeof GRADES)[number];
}

export class AnnualReportDto {
  @ApiProperty({ example: 2024 }) @IsIntIn(2000, 2100) year: number;
  @ApiProperty({ description: 'income of the year in fen' }) @IsFen() incomeFen: number;
  @ApiProperty({ description: 'charitable spending of the year in fen' }) @IsFen() spendingFen: number;
}

export class OrganisationListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
}
