import { Roles } from '@civic/platform';
import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Deadlines } from './deadlines.service';

@ApiTags('deadlines')
@ApiBearerAuth()
@Controller('deadline-runs')
export class DeadlinesController {
  constructor(private readonly deadlines: Deadlines) {}

  @Post()
  @HttpCode(200)
  @Roles('child-welfare:supervisor', 'child-welfare:admin')
  @ApiOkResponse({ description: 'Ages out the children who reached child.age_out today and escalates overdue reports' })
  run() {
    return this.deadlines.run();
  }
}
