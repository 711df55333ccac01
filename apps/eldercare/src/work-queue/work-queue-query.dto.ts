import { IsEntityId, IsOneOf, IsPersonRef, IsTown } from '@civic/contracts';
import { PageQueryDto } from '@civic/platform';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';

export class WorkQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsOneOf(['open', 'closed']) status?: string;
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
  @ApiPropertyOptional({ example: 'elder-care-subsidy' }) @IsOptional() @IsEntityId() ruleId?: string;
  @ApiPropertyOptional() @IsOptional() @IsPersonRef() personRef?: string;
}
