import { IsDateOnly, IsEntityId, IsFen, IsOneOf, IsTown } from '@civic/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Min } from 'class-validator';

export const CROWDFUNDING_PURPOSES = ['major-illness', 'accident', 'education', 'disaster', 'other'] as const;

export class OpenCrowdfundingDto {
  @ApiProperty({ description: 'the organisation raising (needs a valid public-fundraising qualification)' })
  @IsEntityId()
  organisationId: string;
  @ApiProperty({ description: 'the person helped (18-character resident ID); stored encrypted, never shown' })
  @IsString()
  idNumber: string;
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ enum: CROWDFUNDING_PURPOSES })
  @IsOneOf(CROWDFUNDING_PURPOSES)
  purpose: (typeof CROWDFUNDING_PURPOSES)[number];
  @ApiProperty({ description: 'the medical (or other) cost verified from the bills, integer fen above 0' })
  @IsFen()
  @Min(1)
  declaredCostFen: number;
  @ApiProperty({ description: 'what the campaign raises, integer fen above 0, at most the declared cost' })
  @IsFen()
  @Min(1)
  targetFen: number;
  @ApiPropertyOptional({ description: 'last day of the campaign' }) @IsOptional() @IsDateOnly() endsOn?: string;
}

export class VerifyCostDto {
  @ApiProperty({ description: 'the cost a reviewer verified from the bills, integer fen above 0' })
  @IsFen()
  @Min(1)
  verifiedCostFen: number;
}
