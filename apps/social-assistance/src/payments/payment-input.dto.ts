import { PageQueryDto } from '@civic/platform';
import { IsEntityId, IsFlag, IsMonth, IsOneOf, IsPersonRef, IsTown, PROGRAMMES } from '@civic/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional } from 'class-validator';

export class StartRunDto {
  @ApiPropertyOptional({
    example: '2025-07',
    description:
      "the month paid (default: the current month by the service's clock); the parameters in force on its 1st decide the amounts",
  })
  @IsOptional()
  @IsMonth()
  month?: string;
}

export class ConfirmRunDto {
  @ApiProperty({ description: "the bank's batch reference" }) @IsEntityId() bankBatchRef: string;
}

export class RunListQueryDto extends PageQueryDto {}

export class PaymentListQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsMonth() month?: string;
  @ApiPropertyOptional() @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: PROGRAMMES }) @IsOptional() @IsOneOf(PROGRAMMES) programme?: string;
  @ApiPropertyOptional({ enum: ['issued', 'confirmed', 'stopped'] })
  @IsOptional()
  @IsOneOf(['issued', 'confirmed', 'stopped'])
  status?: string;
  @ApiPropertyOptional() @IsOptional() @IsEntityId() caseId?: string;
  @ApiPropertyOptional() @IsOptional() @IsPersonRef() personRef?: string;
  @ApiPropertyOptional({ description: 'only payments issued for a month after a recorded death (audit findings)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsFlag()
  flaggedAfterDeath?: boolean;
}
