import { IsDateOnly, IsFreeText, IsTown } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class OpenOutletDto {
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty() @IsFreeText(300) address: string;
  @ApiProperty({ example: '2024-01-10' }) @IsDateOnly() openedOn: string;
}

export class CloseOutletDto {
  @ApiProperty({ example: '2025-06-30' }) @IsDateOnly() closedOn: string;
}
