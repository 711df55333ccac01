import { IsDateOnly, IsOneOf, IsFreeText, IsTown } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Matches } from 'class-validator';

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
