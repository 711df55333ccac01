import { HELP_CENTRES, IsFreeText, IsOneOf, IsPersonRef, IsTown, REFERRAL_OUTCOMES } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export const REFERRAL_STATUSES = ['open', 'in-progress', ...REFERRAL_OUTCOMES] as const;

export class CreateReferralDto {
  @ApiProperty({ description: 'the person referred (platform pseudonym)' }) @IsPersonRef() personRef: string;
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ enum: HELP_CENTRES }) @IsOneOf(HELP_CENTRES) helpCentre: (typeof HELP_CENTRES)[number];
  @ApiProperty({ enum: ['social-assistance', 'staff'] }) @IsOneOf(['social-assistance', 'staff']) source:
    'social-assistance' | 'staff';
  @ApiProperty({ description: 'the need the government cannot cover' }) @IsFreeText(500) summary: string;
}

export class ResolveReferralDto {
  @ApiProperty({ enum: REFERRAL_OUTCOMES, description: 'aided needs aid booked with this referralId first' })
  @IsOneOf(REFERRAL_OUTCOMES)
  outcome: (typeof REFERRAL_OUTCOMES)[number];
  @ApiPropertyOptional() @IsOptional() @IsFreeText(500) note?: string;
}

export class ReferralListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: HELP_CENTRES }) @IsOptional() @IsOneOf(HELP_CENTRES) helpCentre?: string;
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES }) @IsOptional() @IsOneOf(REFERRAL_STATUSES) status?: string;
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
}
