import { IsOneOf, IsTown } from '@civic/contracts';
import { ApiPageResponse, AuthenticatedUser, CurrentUser, PageQueryDto, Roles } from '@civic/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { CHILD_WELFARE_READERS } from '../persistence/roles';
import { WorkQueue } from './work-queue.service';
import { WorkItemResponse } from './work-item.responses';

export class WorkQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: ['open', 'closed'] }) @IsOptional() @IsOneOf(['open', 'closed']) status?: string;
  @ApiPropertyOptional({ example: '442000100' }) @IsOptional() @IsTown() town?: string;
}

@ApiTags('work-queue')
@ApiBearerAuth()
@Controller('work-queue')
export class WorkQueueController {
  constructor(private readonly queue: WorkQueue) {}

  @Get()
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: 'Policy-engine alerts for child welfare, open until the child is enrolled' })
  @ApiPageResponse(
    WorkItemResponse,
    'Policy-engine alerts for child welfare; an item closes when the child is enrolled',
  )
  list(@Query() q: WorkQueueQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.queue.list(q, user);
  }
}
