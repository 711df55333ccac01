import { IsEntityId, IsFen, IsFreeText, IsOneOf, IsTown } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Min, ValidateIf } from 'class-validator';

export class DonationDto {
  @ApiProperty({ description: 'integer fen above 0 (goods: their declared value)', example: 20000 })
  @IsFen()
  @Min(1)
  amountFen: number;
  @ApiProperty({ enum: ['money', 'goods'] }) @IsOneOf(['money', 'goods']) form: 'money' | 'goods';
  @ApiProperty({ enum: ['individual', 'company', 'anonymous'], description: 'anonymous donors are never named' })
  @IsOneOf(['individual', 'company', 'anonymous'])
  donorKind: 'individual' | 'company' | 'anonymous';
  @ApiPropertyOptional({ description: 'the name the donor chose to show on the public ledger' })
  @ValidateIf((d: DonationDto) => d.donorKind !== 'anonymous' && d.donorPublicName !== undefined)
  @IsFreeText(100)
  donorPublicName?: string;
  @ApiPropertyOptional({ description: 'what was given (goods donations)' })
  @ValidateIf((d: DonationDto) => d.form === 'goods')
  @IsFreeText(300)
  goodsDescription?: string;
}

export class DisbursementDto {
  @ApiProperty({ description: 'integer fen above 0, at most the fund balance', example: 1500000 })
  @IsFen()
  @Min(1)
  amountFen: number;
  @ApiPropertyOptional({ description: 'the beneficiary (18-character resident ID); or give referralId' })
  @ValidateIf((d: DisbursementDto) => d.referralId === undefined)
  @IsString()
  idNumber?: string;
  @ApiPropertyOptional({ description: 'the beneficiary’s town, with idNumber' })
  @ValidateIf((d: DisbursementDto) => d.referralId === undefined)
  @IsTown()
  town?: string;
  @ApiPropertyOptional({
    description: 'the help-centre referral this aid answers; the beneficiary is the referred person',
  })
  @IsOptional()
  @IsEntityId()
  referralId?: string;
}

export class ReversalDto {
  @ApiProperty({ description: 'why the entry is corrected (shown to staff, not on the public ledger)' })
  @IsFreeText(300)
  reason: string;
}

export class LedgerQueryDto extends PageQueryDto {}
