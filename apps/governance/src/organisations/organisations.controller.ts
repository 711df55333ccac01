import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { AnnualReportsService } from './annual-reports.service';
import {
  AnnualReportDto,
  ChangeOrganisationDto,
  CreditListDto,
  GradeDto,
  LateReportQueryDto,
  OrganisationListQueryDto,
  RegisterOrganisationDto,
} from './organisation-input.dto';
import { OrganisationsService } from './organisations.service';

const READERS = ['governance:viewer', 'governance:clerk', 'governance:supervisor'] as const;

@ApiTags('social organisations')
@ApiBearerAuth()
@Controller()
export class OrganisationsController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly reports: AnnualReportsService,
  ) {}

  @Post('organisations')
  @Roles('governance:clerk')
  @ApiCreatedResponse({
    description: 'Registers (or files) an organisation; publishes governance.social-organisation.registered',
  })
  register(@Body() dto: RegisterOrganisationDto, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.register(dto, user);
  }

  @Get('organisations')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'Paged; filter by town, kind, credit list, hub, registration number' })
  list(@Query() q: OrganisationListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.list(q, user);
  }

  @Get('organisations/hubs-per-town')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'Hub community organisations per town in force (专栏1 indicator 17)' })
  hubs() {
    return this.organisations.hubsPerTown();
  }

  @Get('organisations/late-reports')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'Annual reports flagged late: still missing after the due date, or filed after it' })
  late(@Query() q: LateReportQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.late(q, user);
  }

  @Post('organisations/late-reports/scan')
  @HttpCode(200)
  @Roles('governance:supervisor')
  @ApiOkResponse({ description: 'Flags reports past due today (idempotent; also runs on a timer)' })
  scanLate() {
    return this.reports.flagLate();
  }

  @Get('organisations/:organisationId')
  @Roles(...READERS)
  get(@Param('organisationId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.get(id, user);
  }

  @Put('organisations/:organisationId')
  @Roles('governance:clerk')
  @ApiOkResponse({ description: 'Changes name, town or hub status; kept in the history with the reason' })
  change(
    @Param('organisationId') id: string,
    @Body() dto: ChangeOrganisationDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.organisations.change(id, dto, user);
  }

  @Get('organisations/:organisationId/history')
  @Roles(...READERS)
  history(@Param('organisationId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.historyOf(id, user);
  }

  @Post('organisations/:organisationId/annual-reports')
  @Roles('governance:clerk')
  @ApiCreatedResponse({
    description: 'Files the report of a closed year; publishes governance.social-organisation.annual-report-filed',
  })
  file(@Param('organisationId') id: string, @Body() dto: AnnualReportDto, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.file(id, dto, user);
  }

  @Get('organisations/:organisationId/annual-reports')
  @Roles(...READERS)
  reportsOf(@Param('organisationId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.reportsOf(id, user);
  }

  @Post('organisations/:organisationId/grade')
  @HttpCode(200)
  @Roles('governance:supervisor')
  @ApiOkResponse({ description: 'Records the grade evaluation (1A-5A)' })
  grade(@Param('organisationId') id: string, @Body() dto: GradeDto, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.grade(id, dto, user);
  }

  @Put('organisations/:organisationId/credit-list')
  @Roles('governance:supervisor')
  @ApiOkResponse({
    description: 'Red list, black list or off; publishes governance.social-organisation.credit-list-changed',
  })
  creditList(@Param('organisationId') id: string, @Body() dto: CreditListDto, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.setCreditList(id, dto, user);
  }
}
