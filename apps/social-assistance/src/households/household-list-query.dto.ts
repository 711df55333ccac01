import { PageQueryDto } from '@civic/platform';
import { IsOneOf, IsPersonRef, IsTown } from '@civic/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export class HouseholdListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ enum: ['active', 'dissolved'] }) @IsOptional() @IsOneOf(['active', 'dissolved']) status?:
    'active' | 'dissolved';
  @ApiPropertyOptional({ description: 'find the household a person belongs to' })
  @IsOptional()
  @IsPersonRef()
  personRef?: string;
}
