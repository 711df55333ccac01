import { IsDateOnly, IsOneOf, IsFreeText, IsTown, IsVillage } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';

export class DivisionInputDto {
  @ApiProperty({ description: '9-digit town or 12-digit village/community code', example: '442000100003' })
  @IsString()
  @Matches(/^(\d{9}|\d{12})$/, { message: 'code must be a 9-digit town or 12-digit village code' })
  code: string;

  @ApiProperty() @IsFreeText(100) name: string;

  @ApiPropertyOptional({ description: 'The town of a village or community' })
  @IsOptional()
  @IsTown()
  townCode?: string;

  @ApiPropertyOptional({ enum: ['village', 'community'] })
  @IsOptional()
  @IsOneOf(['village', 'community'])
  kind?: 'village' | 'community';

  @ApiPropertyOptional({ description: 'Default: today' })
  @IsOptional()
  @IsDateOnly()
  effectiveFrom?: string;
}

export class RetireDivisionDto {
  @ApiPropertyOptional({ description: 'Default: today; never in the past' })
  @IsOptional()
  @IsDateOnly()
  retiredOn?: string;

  @ApiProperty() @IsFreeText() reason: string;
}

export class DivisionListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['town', 'village'] })
  @IsOptional()
  @IsOneOf(['town', 'village'])
  level?: 'town' | 'village';

  @ApiPropertyOptional() @IsOptional() @IsTown() townCode?: string;

  @ApiPropertyOptional({ description: 'true: only codes in force today' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  inForce?: boolean;
}

export class ImportTownDto {
  @ApiProperty({ example: '442000001' }) @IsTown() code: string;
  @ApiProperty({ example: '石岐街道' }) @IsFreeText(100) name: string;
}

export class ImportVillageDto {
  @ApiProperty({ example: '442000001001', description: 'Starts with townCode' }) @IsVillage() code: string;
  @ApiProperty() @IsFreeText(100) name: string;
  @ApiProperty({ description: 'A town of this list or one already registered' }) @IsTown() townCode: string;
  @ApiProperty({ enum: ['village', 'community'] }) @IsOneOf(['village', 'community']) kind: 'village' | 'community';
}

/**
 * The city's list (or part of it) as the bureau publishes it, in the shape of divisions.json: new codes
 * are registered, changed names published, codes not listed left as they are (retire them one by one).
 */
export class DivisionImportDto {
  @ApiProperty({ description: 'From when the listed codes are valid' }) @IsDateOnly() effectiveFrom: string;

  @ApiProperty({ description: "Where the list comes from (the bureau's publication and its date)" })
  @IsFreeText(500)
  source: string;

  @ApiProperty({ type: [ImportTownDto] })
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => ImportTownDto)
  towns: ImportTownDto[];

  @ApiProperty({ type: [ImportVillageDto] })
  @IsArray()
  @ArrayMaxSize(5000)
  @ValidateNested({ each: true })
  @Type(() => ImportVillageDto)
  villages: ImportVillageDto[];
}
