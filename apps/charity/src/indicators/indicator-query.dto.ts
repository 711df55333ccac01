import { IsTown } from '@civic/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export class IndicatorQueryDto {
  @ApiPropertyOptional({ example: '442000100', description: 'station coverage of one town; city-wide when absent' })
  @IsOptional()
  @IsTown()
  town?: string;
}
