import { IsEntityId, IsMonth } from '@civic/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export class StartRunDto {
  @ApiPropertyOptional({ example: '2024-07', description: 'defaults to the current month' })
  @IsOptional()
  @IsMonth()
  month?: string;
}

export class ConfirmRunDto {
  @ApiProperty({ example: 'zsbank-20240708-0091', description: 'the bank batch reference' })
  @IsEntityId()
  bankBatchRef: string;
}
