import { Public } from '@civic/platform';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { NOT_COMPUTABLE } from '../compute/not-computable';
import { IndicatorListQueryDto, IndicatorQueryDto } from './indicator-query.dto';
import { IndicatorBoardResponse, IndicatorResponse, NotComputableResponse } from './indicator.responses';
import { IndicatorsService } from './indicators.service';

// Public like the charity ledger's /public routes: city-wide and per-town aggregates the plan
// publishes anyway; the drill-down names events by id, type, day, subject and town, never a
// payload, so no personRef leaves (docs/adr/0010-indicators-read-model.md).
@ApiTags('indicators')
@Public()
@Controller('indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @ApiOperation({ summary: 'Every computable 专栏1 indicator on a date, with trend, per-town values and status' })
  @ApiOkResponse({ type: IndicatorBoardResponse })
  board(@Query() q: IndicatorListQueryDto) {
    return this.indicators.board(q.date, q.months);
  }

  @Get('not-computable')
  @ApiOperation({ summary: 'Indicators the platform cannot compute from its events, with what would be needed' })
  @ApiOkResponse({ type: [NotComputableResponse] })
  notComputable() {
    return NOT_COMPUTABLE;
  }

  @Get(':id')
  @ApiOperation({ summary: 'One indicator on a date with the events and parameter values it was computed from' })
  @ApiOkResponse({ type: IndicatorResponse })
  one(@Param('id') id: string, @Query() q: IndicatorQueryDto) {
    return this.indicators.one(id, q.date, q.limit);
  }
}
