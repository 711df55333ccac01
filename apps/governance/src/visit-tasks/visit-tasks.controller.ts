import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CancelVisitDto, CompleteVisitDto, ScheduleVisitDto, VisitTaskListQueryDto } from './visit-task-input.dto';
import { VisitTasksService } from './visit-tasks.service';
import { VisitEscalationResponse, VisitTaskResponse } from './visit-task.responses';

const READERS = ['governance:viewer', 'governance:clerk', 'governance:supervisor'] as const;

@ApiTags('visit tasks')
@ApiBearerAuth()
@Controller('visit-tasks')
export class VisitTasksController {
  constructor(private readonly tasks: VisitTasksService) {}

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Home-visit tasks requested by departments, by due date' })
  @ApiPageResponse(
    VisitTaskResponse,
    'Paged, by due date; filter by town, status, department, person, worker, escalated',
  )
  list(@Query() q: VisitTaskListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.tasks.list(q, user);
  }

  @Post('escalation-scan')
  @HttpCode(200)
  @Roles('governance:supervisor')
  @ApiOkResponse({
    type: VisitEscalationResponse,
    description: 'Escalates tasks past due today (idempotent; also runs on a timer)',
  })
  @ApiOperation({ summary: 'Escalate visit tasks past due today' })
  escalate() {
    return this.tasks.escalateOverdue();
  }

  @Get(':taskId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One visit task' })
  @ApiOkResponse({ type: VisitTaskResponse })
  get(@Param('taskId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.tasks.get(id, user);
  }

  @Post(':taskId/schedule')
  @HttpCode(200)
  @Roles('governance:clerk', 'governance:supervisor')
  @ApiOkResponse({ type: VisitTaskResponse, description: 'Gives the task to a certified social worker on a date' })
  @ApiOperation({ summary: 'Give the task to a certified social worker on a date' })
  schedule(@Param('taskId') id: string, @Body() dto: ScheduleVisitDto, @CurrentUser() user: AuthenticatedUser) {
    return this.tasks.schedule(id, dto, user);
  }

  @Post(':taskId/completion')
  @HttpCode(200)
  @Roles('governance:clerk')
  @ApiOkResponse({
    type: VisitTaskResponse,
    description: 'Records the visit and its findings; publishes governance.visit-task.completed',
  })
  @ApiOperation({ summary: 'Record the visit and its findings' })
  complete(@Param('taskId') id: string, @Body() dto: CompleteVisitDto, @CurrentUser() user: AuthenticatedUser) {
    return this.tasks.complete(id, dto, user);
  }

  @Post(':taskId/cancellation')
  @HttpCode(200)
  @Roles('governance:supervisor')
  @ApiOperation({ summary: 'Cancel a visit task' })
  @ApiOkResponse({ type: VisitTaskResponse })
  cancel(@Param('taskId') id: string, @Body() dto: CancelVisitDto, @CurrentUser() user: AuthenticatedUser) {
    return this.tasks.cancel(id, dto, user);
  }
}
