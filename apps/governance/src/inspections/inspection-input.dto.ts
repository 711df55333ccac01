import { IsIntIn, IsFreeText, IsTown, NoIdNumber } from '@civic/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';

export class DrawInspectionDto {
  @ApiProperty({ example: '2024 financial spot check' }) @IsFreeText(200) name: string;
  @ApiProperty({ minimum: 1, maximum: 10000 }) @IsIntIn(1, 10_000) sampleSize: number;
  @ApiPropertyOptional({ description: 'Only organisations of this town' }) @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({
    description:
      'A seed announced in advance (e.g. a public lottery number); default: 128 random bits. Recorded either way.',
  })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{8,128}$/, { message: 'seed must be 8-128 characters of A-Z a-z 0-9 . _ : -' })
  @NoIdNumber()
  seed?: string;
}
