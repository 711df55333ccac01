import { IsEntityId, IsFen, IsFreeText, IsNested, IsOneOf, IsTown } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Min, ValidateIf } from 'class-validator';

/** One kind of goods (物资): what, in which unit, how many. */
export class GoodsItemDto {
  @ApiProperty({ example: 'rice' }) @IsFreeText(100) item: string;
  @ApiProperty({ example: 'bag of 10 kg' }) @IsFreeText(30) unit: string;
  @ApiProperty({ description: 'whole units above 0', example: 20 }) @IsInt() @Min(1) quantity: number;
}

/** Donated goods: their declared value too, at least one fen per unit. */
export class DonatedGoodsItemDto extends GoodsItemDto {
  @ApiProperty({ description: 'declared value of these units in fen, at least quantity', example: 100000 })
  @IsFen()
  @Min(1)
  valueFen: number;
}

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
  @ApiPropertyOptional({
    type: [DonatedGoodsItemDto],
    description: 'goods donations: the items, whose values sum to amountFen (so they can be given out in kind)',
  })
  @ValidateIf((d: DonationDto) => d.form === 'goods' || d.items !== undefined)
  @IsNested(() => DonatedGoodsItemDto, { array: true, minItems: 1 })
  items?: DonatedGoodsItemDto[];
}

/** Who receives aid: a person by resident ID and town, or the person of a help-centre referral. */
export class BeneficiaryDto {
  @ApiPropertyOptional({ description: 'the beneficiary (18-character resident ID); or give referralId' })
  @ValidateIf((d: BeneficiaryDto) => d.referralId === undefined)
  @IsString()
  idNumber?: string;
  @ApiPropertyOptional({ description: 'the beneficiary’s town, with idNumber' })
  @ValidateIf((d: BeneficiaryDto) => d.referralId === undefined)
  @IsTown()
  town?: string;
  @ApiPropertyOptional({
    description: 'the help-centre referral this aid answers; the beneficiary is the referred person',
  })
  @IsOptional()
  @IsEntityId()
  referralId?: string;
}

export class DisbursementDto extends BeneficiaryDto {
  @ApiProperty({ description: 'integer fen above 0, at most the fund balance', example: 1500000 })
  @IsFen()
  @Min(1)
  amountFen: number;
}

export class GoodsDisbursementDto extends BeneficiaryDto {
  @ApiProperty({ type: [GoodsItemDto], description: 'the goods given out, each at most what the project holds' })
  @IsNested(() => GoodsItemDto, { array: true, minItems: 1 })
  items: GoodsItemDto[];
}

export class ReversalDto {
  @ApiProperty({ description: 'why the entry is corrected (shown to staff, not on the public ledger)' })
  @IsFreeText(300)
  reason: string;
}

export class LedgerQueryDto extends PageQueryDto {}
