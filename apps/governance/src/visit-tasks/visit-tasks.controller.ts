import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CancelVisitDto, CompleteVisitDto, ScheduleVisitDto, VisitTaskListQueryDto } from './visit-task-input.dto';
import { VisitTasksService } from './visit-tasks.service';

const READERS = ['governance:viewer', 'governance:clerk', 'governance:supervisor'] as const;

@ApiTags('visit tasks')
@ApiBearerAuth()
@Controller('visit-tasks')
export class VisitTasksController {
  constructor(private readonly tasks: VisitTasksService) {}

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: 'Paged, by due date; filter by town, status, department, person, worker, escalated' })
  list(@Query() q: VisitTaskListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.tasks.list(q, user);
  }

  @Post('escalation-scan')
  @HttpCode(200)
  @Roles('governance:supervisor')
  @ApiOkResponse({ description: 'Escalates tasks past due today (idempotent; also runs on a timer)' })
  escalate() {
    return this.tasks.escalateOverdue();
  }

  @Get(':taskId')
  @Roles(...READERS)
  get(@Param('taskId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.tasks.get(id, user);
  }

  @Post(':taskId/schedule')
  @HttpCode(200)
  @Roles('governance:clerk', 'governance:supervisor')
  @ApiOkResponse({ description: 'Gives the task to a certified social worker on a date' })
  schedule(@Param('taskId') id: string, @Body() dto: ScheduleVisitDto, @CurrentUser() user: AuthenticatedUser) {
    return this.tasks.schedule(id, dto, user);
  }

  @Post(':taskId/completion')
  @HttpCode(200)
  @Roles('governance:clerk')
  @ApiOkResponse({ description: 'Records the visit and its findings; publishes governance.visit-task.completed' })
  complete(@Param('taskId') id: string, @Body() dto: CompleteVisitDto, @CurrentUser() user: AuthenticatedUser) {
    return this.tasks.complete(id, dto, user);
  }

  @Post(':taskId/cancellation')
  @HttpCode(200)
  @Roles('governance:supervisor')
  cancel(@Param('taskId') id: string, @Body() dto: CancelVisitDto, @CurrentUser() user: AuthenticatedUser) {
    return this.tasks.cancel(id, dto, user);
  }
}
