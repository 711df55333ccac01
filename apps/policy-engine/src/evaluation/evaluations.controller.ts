import { ApiPageResponse, Clock, ProblemException, Roles } from '@civic/platform';
import { isCalendarDate } from '@civic/calendar';
import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { PageQuery } from '../alerts/alert.dto';
import { EvaluationRunResponse } from './evaluation.responses';
import { EvaluationRunRow, EvaluationRunsService } from './evaluation-runs.service';

export class StartDailyEvaluationDto {
  @ApiPropertyOptional({
    example: '2025-06-10',
    description:
      "today by the service's clock (the default); any other date is refused (docs/adr/0008-evaluation-dates.md)",
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be a date YYYY-MM-DD' })
  date?: string;
}

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => ProblemException.invalidField('id', 'isUuid', 'id must be a UUID'),
});

function view(r: EvaluationRunRow) {
  return {
    id: r.id,
    kind: r.kind,
    date: r.evaluated_for,
    reason: r.reason,
    status: r.status,
    progress: { done: r.done, total: r.total },
    alertsRaised: r.alerts_raised,
    ruleFailures: r.failures,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
  };
}

@ApiTags('evaluations')
@ApiBearerAuth()
@Controller('evaluations')
export class EvaluationsController {
  constructor(
    private readonly runs: EvaluationRunsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts today's daily evaluation; a second request for the same day returns the same run (200).
   * The run changes current alerts, so it runs for today only (docs/adr/0008-evaluation-dates.md).
   */
  @Post('daily')
  @Roles('policy:admin')
  @ApiOperation({ summary: 'Start today’s daily evaluation of every person (idempotent per day)' })
  @ApiOkResponse({ type: EvaluationRunResponse, description: 'The run already existed for that date' })
  @ApiAcceptedResponse({ type: EvaluationRunResponse, description: 'The run was started' })
  async daily(@Body() body: StartDailyEvaluationDto, @Res({ passthrough: true }) reply: FastifyReply) {
    const today = this.clock.today();
    const date = body.date ?? today;
    if (!isCalendarDate(date))
      throw ProblemException.invalidField('date', 'isCalendarDate', 'date must be a real calendar date');
    if (date !== today)
      throw ProblemException.invalidField(
        'date',
        'today-only',
        `the daily evaluation changes current alerts and runs only for today (${today}); it cannot run for ${date}`,
      );
    const { run, created } = await this.runs.scheduleDaily(date);
    reply.status(created ? 202 : 200);
    return view(run);
  }

  @Get()
  @Roles('policy:admin', 'policy:supervisor', 'policy:viewer')
  @ApiOperation({ summary: 'List evaluation runs, newest first' })
  @ApiPageResponse(EvaluationRunResponse)
  async list(@Query() q: PageQuery) {
    const { items, total } = await this.runs.list(q.limit, q.offset);
    return { items: items.map(view), total, limit: q.limit, offset: q.offset };
  }

  @Get(':id')
  @Roles('policy:admin', 'policy:supervisor', 'policy:viewer')
  @ApiOperation({ summary: 'Progress of one evaluation run: done / total people' })
  @ApiOkResponse({ type: EvaluationRunResponse })
  async one(@Param('id', uuid) id: string) {
    const run = await this.runs.find(id);
    if (!run) throw ProblemException.notFound('evaluation run', id);
    return view(run);
  }
}
