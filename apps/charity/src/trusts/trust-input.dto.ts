import { IsDateOnly, IsEntityId, IsFen, IsFreeText, IsTown } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';

export class RegisterTrustDto {
  @ApiProperty() @IsFreeText(200) name: string;
  @ApiProperty({ description: 'the charitable organisation acting as trustee' })
  @IsEntityId()
  trusteeOrganisationId: string;
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ description: 'trust assets in integer fen' }) @IsFen() assetsFen: number;
  @ApiProperty({ example: '2024-01-10' }) @IsDateOnly() establishedOn: string;
}
