import { IsDateOnly, IsFen, IsNested, IsOneOf, IsFreeText } from '@civic/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Min } from 'class-validator';
import {
  AssetsDto,
  INCOME_PERIODS,
  INCOME_SOURCES,
  MemberAttributesDto,
  RigidExpenditureDto,
  STANDARD_AREAS,
} from '../households/household-input.dto';

// A household snapshot for a preview: nothing is stored, so members carry a caller-chosen label in
// place of a personRef, and birth date and sex are given rather than read from an ID number.
export class PreviewMemberDto extends MemberAttributesDto {
  @ApiProperty({ example: 'm1' }) @IsFreeText(80) personRef: string;
  @ApiProperty({ example: '1968-04-12' }) @IsDateOnly() birthDate: string;
  @ApiProperty({ enum: ['male', 'female'] }) @IsOneOf(['male', 'female']) sex: 'male' | 'female';
}

export class PreviewIncomeDto {
  @ApiProperty({ example: 'm1' }) @IsFreeText(80) personRef: string;
  @ApiProperty({ enum: INCOME_SOURCES }) @IsOneOf(INCOME_SOURCES) source: (typeof INCOME_SOURCES)[number];
  @ApiProperty({ enum: INCOME_PERIODS }) @IsOneOf(INCOME_PERIODS) period: (typeof INCOME_PERIODS)[number];
  @ApiProperty() @IsFen() amountFen: number;
}

export class PreviewHouseholdDto {
  @ApiProperty({ enum: STANDARD_AREAS }) @IsOneOf(STANDARD_AREAS) standardArea: (typeof STANDARD_AREAS)[number];
  @ApiProperty({ type: [PreviewMemberDto] })
  @IsNested(() => PreviewMemberDto, { array: true, minItems: 1 })
  members: PreviewMemberDto[];
  @ApiProperty({ type: [PreviewIncomeDto] })
  @IsNested(() => PreviewIncomeDto, { array: true })
  incomes: PreviewIncomeDto[];
  @ApiProperty({ type: AssetsDto }) @IsNested(() => AssetsDto) assets: AssetsDto;
  @ApiPropertyOptional({ type: RigidExpenditureDto })
  @IsOptional()
  @IsNested(() => RigidExpenditureDto)
  rigidExpenditure?: RigidExpenditureDto;
}

export class TemporaryRequestDto {
  @ApiProperty({ enum: ['emergency', 'expenditure'] }) @IsOneOf(['emergency', 'expenditure']) type:
    'emergency' | 'expenditure';
  @ApiProperty({ minimum: 1 }) @IsFen() @Min(1) requestedFen: number;
}

export class MeansTestPreviewDto {
  @ApiProperty({ example: '2025-03-01' }) @IsDateOnly() date: string;
  @ApiProperty({ type: PreviewHouseholdDto }) @IsNested(() => PreviewHouseholdDto) household: PreviewHouseholdDto;
  @ApiPropertyOptional({ type: TemporaryRequestDto })
  @IsOptional()
  @IsNested(() => TemporaryRequestDto)
  temporary?: TemporaryRequestDto;
}
