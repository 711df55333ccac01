import { IsDateOnly } from '@civic/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class IndicatorListQueryDto {
  @ApiPropertyOptional({ example: '2025-06-30', description: 'The day to compute for (Asia/Shanghai); default today' })
  @IsOptional()
  @IsDateOnly()
  date?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 36, default: 12, description: 'Months of trend ending with the date' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(36)
  months?: number;
}

export class IndicatorQueryDto {
  @ApiPropertyOptional({ example: '2025-06-30', description: 'The day to compute for (Asia/Shanghai); default today' })
  @IsOptional()
  @IsDateOnly()
  date?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200, description: 'Most evidence events to list' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}
