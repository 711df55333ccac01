import { IsFreeText } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';

export class DeadLetterQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['unresolved', 'resolved', 'all'], default: 'unresolved' })
  @IsOptional()
  @IsIn(['unresolved', 'resolved', 'all'])
  state: 'unresolved' | 'resolved' | 'all' = 'unresolved';

  @ApiPropertyOptional({ description: 'Consumer name (the logical topic it reads, by default)' })
  @IsOptional()
  @Matches(/^[a-z0-9][a-z0-9._-]{0,127}$/, { message: 'consumer must be a consumer name' })
  consumer?: string;
}

export class DiscardDeadLetterDto {
  @ApiProperty({ description: 'Why the event is never to be applied (kept with the letter and in the audit log)' })
  @IsFreeText(500)
  reason: string;
}

/** A path id of a dead letter: a positive bigint. */
export const DEAD_LETTER_ID = /^[1-9][0-9]{0,17}$/;
