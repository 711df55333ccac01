import { HOME_ADAPTATION_ITEMS, IsDateOnly, IsEntityId, IsFen, IsOneOf, IsTown } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsOptional, Max } from 'class-validator';

/**
 * Upper bound on a recorded adaptation cost (1,000,000 yuan): a plausibility check on input, not a
 * policy figure (the plan names no subsidy for adaptations), so that a typo in fen cannot be stored.
 */
export const MAX_ADAPTATION_COST_FEN = 100_000_000;

export const ADAPTATION_STATUSES = ['applied', 'completed', 'cancelled'] as const;

export class ApplyAdaptationDto {
  @ApiProperty({ example: 'elder-000512' }) @IsEntityId() elderId: string;
  @ApiProperty({ enum: HOME_ADAPTATION_ITEMS, isArray: true, example: ['grab-bars', 'anti-slip-floor'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(HOME_ADAPTATION_ITEMS.length)
  @ArrayUnique()
  @IsOneOf(HOME_ADAPTATION_ITEMS, { each: true })
  items: (typeof HOME_ADAPTATION_ITEMS)[number][];
  @ApiProperty({ example: '2024-08-20', description: 'not after today' }) @IsDateOnly() appliedOn: string;
}

export class CompleteAdaptationDto {
  @ApiProperty({ example: '2024-09-12', description: 'not after today, not before the application' })
  @IsDateOnly()
  completedOn: string;
  @ApiProperty({ example: 380000, description: `integer fen, 0 to ${MAX_ADAPTATION_COST_FEN}` })
  @IsFen()
  @Max(MAX_ADAPTATION_COST_FEN)
  costFen: number;
}

export class AdaptationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: ADAPTATION_STATUSES }) @IsOptional() @IsOneOf(ADAPTATION_STATUSES) status?: string;
  @ApiPropertyOptional() @IsOptional() @IsEntityId() elderId?: string;
}

/** A home adaptation as returned by the API. */
export class AdaptationView {
  @ApiProperty() adaptationId: string;
  @ApiProperty() elderId: string;
  @ApiProperty() town: string;
  @ApiProperty({ enum: HOME_ADAPTATION_ITEMS, isArray: true }) items: string[];
  @ApiProperty({ example: '2024-08-20' }) appliedOn: string;
  @ApiProperty({ enum: ADAPTATION_STATUSES }) status: (typeof ADAPTATION_STATUSES)[number];
  @ApiProperty({ nullable: true, type: String }) completedOn: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'integer fen' }) costFen: number | null;
}

export class AdaptationPage {
  @ApiProperty({ type: [AdaptationView] }) items: AdaptationView[];
  @ApiProperty() total: number;
  @ApiProperty() limit: number;
  @ApiProperty() offset: number;
}
