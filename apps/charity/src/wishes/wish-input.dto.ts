import { IsFen, IsFreeText, IsOneOf, IsTown } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Min } from 'class-validator';

export const WISH_STATUSES = ['posted', 'matched', 'fulfilled', 'withdrawn'] as const;

export class PostWishDto {
  @ApiProperty({ description: 'the person in hardship (18-character resident ID); stored encrypted' })
  @IsString()
  idNumber: string;
  @ApiProperty({ example: '442000100' }) @IsTown() town: string;
  @ApiProperty({ example: 'School bag and winter coat' }) @IsFreeText(200) item: string;
  @ApiProperty({ description: 'value in integer fen above 0' }) @IsFen() @Min(1) valueFen: number;
}

export class MatchWishDto {
  @ApiProperty({ enum: ['individual', 'company', 'anonymous'] })
  @IsOneOf(['individual', 'company', 'anonymous'])
  donorKind: 'individual' | 'company' | 'anonymous';
}

export class WishListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: WISH_STATUSES }) @IsOptional() @IsOneOf(WISH_STATUSES) status?: string;
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
}
