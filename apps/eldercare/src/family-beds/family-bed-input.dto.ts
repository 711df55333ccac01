import { FAMILY_CARE_BED_CLOSE_REASONS, IsDateOnly, IsEntityId, IsOneOf, IsTown } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

/** Reasons a clerk may give; `death` is set only by the hub's death record. */
export const CLERK_CLOSE_REASONS = FAMILY_CARE_BED_CLOSE_REASONS.filter((r) => r !== 'death');

export class OpenFamilyBedDto {
  @ApiProperty({ example: 'elder-000512' }) @IsEntityId() elderId: string;
  @ApiProperty({ example: 'site-0007', description: 'a registered community centre (kind centre)' })
  @IsEntityId()
  providerSiteId: string;
  @ApiProperty({ example: '2024-08-01', description: 'not after today' }) @IsDateOnly() openedOn: string;
}

export class CloseFamilyBedDto {
  @ApiProperty({ example: '2025-02-28', description: 'not after today, not before the bed opened' })
  @IsDateOnly()
  closedOn: string;
  @ApiProperty({ enum: CLERK_CLOSE_REASONS })
  @IsOneOf(CLERK_CLOSE_REASONS)
  reason: (typeof CLERK_CLOSE_REASONS)[number];
}

export class FamilyBedQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsOneOf(['open', 'closed']) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsEntityId() elderId?: string;
}

/** A family care bed as returned by the API. */
export class FamilyBedView {
  @ApiProperty() bedId: string;
  @ApiProperty() elderId: string;
  @ApiProperty() providerSiteId: string;
  @ApiProperty() town: string;
  @ApiProperty({ example: '2024-08-01' }) openedOn: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: 'open' | 'closed';
  @ApiProperty({ nullable: true, type: String }) closedOn: string | null;
  @ApiProperty({ nullable: true, enum: FAMILY_CARE_BED_CLOSE_REASONS }) closeReason: string | null;
}

export class FamilyBedPage {
  @ApiProperty({ type: [FamilyBedView] }) items: FamilyBedView[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
