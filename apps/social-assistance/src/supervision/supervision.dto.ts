import { PageQueryDto } from '@civic/platform';
import { IsIntIn, IsOneOf, IsFreeText, IsTown, PROGRAMMES } from '@civic/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export class DrawSampleDto {
  @ApiProperty({ enum: ['file-check', 'home-visit'] }) @IsOneOf(['file-check', 'home-visit']) kind:
    'file-check' | 'home-visit';
  @ApiProperty({
    description: 'published seed: the same seed over the same cases draws the same sample',
    example: '2025-Q3 file check',
  })
  @IsFreeText(200)
  seed: string;
  @ApiProperty({ minimum: 1, maximum: 100000 }) @IsIntIn(1, 100_000) size: number;
  @ApiPropertyOptional() @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: PROGRAMMES }) @IsOptional() @IsOneOf(PROGRAMMES) programme?: string;
}

export class FindingDto {
  @ApiProperty({ enum: ['in-order', 'issue-found'] }) @IsOneOf(['in-order', 'issue-found']) outcome:
    'in-order' | 'issue-found';
  @ApiProperty() @IsFreeText(2000) finding: string;
}

export class SampleListQueryDto extends PageQueryDto {}
