import { IsDateOnly, IsStringOrNumber, IsFreeText } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';

/** A dated parameter value to schedule (money in integer fen, ratios as decimal strings). */
export class ScheduleParameterDto {
  @ApiProperty({ example: 'assistance.dibao.standard.urban' })
  @IsFreeText(120)
  key: string;

  @ApiProperty({ oneOf: [{ type: 'integer' }, { type: 'string' }], example: 130000 })
  @IsStringOrNumber()
  value: number | string;

  @ApiProperty({ example: '2026-01-01' })
  @IsDateOnly()
  effectiveFrom: string;

  @ApiProperty({ example: 'Zhongshan civil affairs notice 2025-12' })
  @IsFreeText(300)
  source: string;
}
