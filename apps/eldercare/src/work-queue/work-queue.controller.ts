import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ELDER_READERS } from '../elders/elders.controller';
import { WorkQueueQueryDto } from './work-queue-query.dto';
import { WorkQueueService } from './work-queue.service';
import { WorkItemResponse } from './work-item.responses';

@ApiTags('work-queue')
@ApiBearerAuth()
@Controller('work-queue')
export class WorkQueueController {
  constructor(private readonly queue: WorkQueueService) {}

  @Get()
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'Policy-engine alerts for eldercare, open until resolved' })
  @ApiPageResponse(WorkItemResponse, 'Paged; filter by status, town, rule, personRef')
  list(@Query() q: WorkQueueQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.queue.list(q, user);
  }
}
