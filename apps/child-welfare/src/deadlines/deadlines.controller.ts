import { Roles } from '@civic/platform';
import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Deadlines } from './deadlines.service';
import { DeadlineRunResponse } from './deadline-run.responses';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('deadline-runs')
export class DeadlinesController {
  constructor(private readonly deadlines: Deadlines) {}

  @Post()
  @HttpCode(200)
  @Roles('child-welfare:supervisor', 'child-welfare:admin')
  @ApiOperation({ summary: 'Run today’s deadlines: age-outs and overdue report escalation' })
  @ApiOkResponse({
    type: DeadlineRunResponse,
    description: 'Ages out the children who reached child.age_out today and escalates overdue reports',
  })
  run() {
    return this.deadlines.run();
  }
}
