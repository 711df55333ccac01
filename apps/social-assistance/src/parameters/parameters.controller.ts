import { AuthenticatedUser, Clock, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { dateOrToday, ParametersService } from './parameters.service';
import { ScheduleParameterDto } from './schedule-parameter.dto';
import { ParametersOnDateResponse, ScheduledValueResponse } from './parameter.responses';

@ApiTags('parameters')
@ApiBearerAuth()
@Controller('parameters')
export class ParametersController {
  constructor(
    private readonly parameters: ParametersService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(
    'assistance:viewer',
    'assistance:clerk',
    'assistance:reviewer',
    'assistance:approver',
    'assistance:disburser',
    'assistance:admin',
  )
  @ApiQuery({ name: 'date', required: false, description: 'YYYY-MM-DD (Asia/Shanghai); default today' })
  @ApiOkResponse({
    type: ParametersOnDateResponse,
    description: 'Every parameter in force on the date, with value, effective date and source',
  })
  @ApiOperation({ summary: 'Every assistance parameter in force on a date, with its source' })
  async list(@Query('date') date?: string) {
    const on = dateOrToday(date, this.clock.today());
    return { date: on, items: await this.parameters.inForce(on) };
  }

  @Post('scheduled')
  @Roles('assistance:admin')
  @ApiCreatedResponse({
    type: ScheduledValueResponse,
    description: 'The value is stored, audited and announced (policy.parameter.value-scheduled)',
  })
  @ApiOperation({ summary: 'Schedule a dated parameter value (stored, audited, announced)' })
  schedule(@Body() dto: ScheduleParameterDto, @CurrentUser() user: AuthenticatedUser) {
    return this.parameters.schedule(dto, user);
  }
}
