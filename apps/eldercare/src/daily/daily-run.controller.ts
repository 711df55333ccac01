import { Roles } from '@civic/platform';
import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DailyRun } from './daily-run.service';
import { DailyRunResponse } from './daily-run.responses';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('daily-runs')
export class DailyRunController {
  constructor(private readonly daily: DailyRun) {}

  @Post()
  @HttpCode(200)
  @Roles('eldercare:admin')
  @ApiOperation({ summary: 'Run today’s dated work now (it also runs every DAILY_RUN_INTERVAL_MS)' })
  @ApiOkResponse({
    type: DailyRunResponse,
    description: '{ date, highAge: { granted, rebanded }, careSubsidiesStopped, visitTasksCreated, visitsOverdue }',
  })
  run() {
    return this.daily.run();
  }
}
