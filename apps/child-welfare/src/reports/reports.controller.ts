import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHILD_WELFARE_READERS } from '../persistence/roles';
import { EmergencyPlacementDto, FileReportDto, ReportListQueryDto, ReportNoteDto } from './report-input.dto';
import { ReportsService } from './reports.service';
import { ReportDetailResponse, ReportResponse } from './report.responses';

@ApiTags('protection-reports')
@ApiBearerAuth()
@Controller('protection-reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Post()
  @Roles('child-welfare:clerk')
  @ApiOperation({ summary: 'File a mandatory protection report' })
  @ApiCreatedResponse({
    type: ReportResponse,
    description:
      'Filed with a response deadline by urgency (child.report.response_days.*); reporter and location required',
  })
  file(@Body() dto: FileReportDto, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.file(dto, user);
  }

  @Get()
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: 'Protection reports, earliest deadline first' })
  @ApiPageResponse(ReportResponse, 'Paged, earliest deadline first; filter by status and town')
  list(@Query() q: ReportListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.list(q, user);
  }

  @Get(':reportId')
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: 'One protection report with its notes' })
  @ApiOkResponse({ type: ReportDetailResponse })
  get(@Param('reportId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.get(id, user);
  }

  @Post(':reportId/response')
  @HttpCode(200)
  @Roles('child-welfare:clerk')
  @ApiOperation({ summary: 'Record the first response to a report (stops its deadline)' })
  @ApiOkResponse({ type: ReportResponse, description: 'First response recorded; 409 unless open or escalated' })
  respond(@Param('reportId') id: string, @Body() dto: ReportNoteDto, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.respond(id, dto, user);
  }

  @Post(':reportId/emergency-placement')
  @HttpCode(200)
  @Roles('child-welfare:clerk')
  @ApiOperation({ summary: 'Record an emergency placement of the reported child' })
  @ApiOkResponse({ type: ReportResponse })
  place(@Param('reportId') id: string, @Body() dto: EmergencyPlacementDto, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.placeInEmergency(id, dto, user);
  }

  @Post(':reportId/notes')
  @HttpCode(200)
  @Roles('child-welfare:clerk')
  @ApiOperation({ summary: 'Add a note to a report' })
  @ApiOkResponse({ type: ReportResponse })
  note(@Param('reportId') id: string, @Body() dto: ReportNoteDto, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.addNote(id, dto, user);
  }

  @Post(':reportId/closure')
  @HttpCode(200)
  @Roles('child-welfare:supervisor')
  @ApiOperation({ summary: 'Close a responded report' })
  @ApiOkResponse({ type: ReportResponse, description: '409 unless responded' })
  close(@Param('reportId') id: string, @Body() dto: ReportNoteDto, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.close(id, dto, user);
  }
}
