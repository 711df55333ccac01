import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ELDER_READERS } from '../elders/elders.controller';
import { RecordVisitDto, VisitRateQueryDto, VisitTaskQueryDto } from './visit-input.dto';
import { VisitsService } from './visits.service';
import { TownVisitRate, VisitResponse, VisitTaskResponse } from './visit.responses';

@ApiTags('visits')
@ApiBearerAuth()
@Controller()
export class VisitsController {
  constructor(private readonly visits: VisitsService) {}

  @Post('elders/:elderId/visits')
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Record a home visit with its findings; it completes the open visit tasks' })
  @ApiCreatedResponse({
    type: VisitResponse,
    description: 'The visit with the next due date; 400 for a date after today',
  })
  record(@Param('elderId') elderId: string, @Body() dto: RecordVisitDto, @CurrentUser() user: AuthenticatedUser) {
    return this.visits.record(elderId, dto, user);
  }

  @Get('visit-tasks')
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'Monthly visit tasks' })
  @ApiPageResponse(VisitTaskResponse, 'Paged; filter by month, town, status, assignee')
  tasks(@Query() q: VisitTaskQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.visits.tasks(q, user);
  }

  @Get('visit-rate')
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'Monthly visit rate per town (goal 100%)' })
  @ApiOkResponse({ type: [TownVisitRate] })
  rate(@Query() q: VisitRateQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.visits.rate(q, user);
  }
}
