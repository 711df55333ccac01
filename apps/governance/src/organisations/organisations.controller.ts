import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
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
import {
  AnnualReportResponse,
  HubsPerTownResponse,
  LateScanResponse,
  OrganisationChangeResponse,
  SocialOrganisationResponse,
} from './organisation.responses';

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
    type: SocialOrganisationResponse,
    description: 'Registers (or files) an organisation; publishes governance.social-organisation.registered',
  })
  @ApiOperation({ summary: 'Register (or file) a social organisation' })
  register(@Body() dto: RegisterOrganisationDto, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.register(dto, user);
  }

  @Get('organisations')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Social organisations in the caller’s towns' })
  @ApiPageResponse(SocialOrganisationResponse, 'Paged; filter by town, kind, credit list, hub, registration number')
  list(@Query() q: OrganisationListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.list(q, user);
  }

  @Get('organisations/hubs-per-town')
  @Roles(...READERS)
  @ApiOkResponse({
    type: [HubsPerTownResponse],
    description: 'Hub community organisations per town in force (专栏1 indicator 17)',
  })
  @ApiOperation({ summary: 'Hub community organisations per town' })
  hubs() {
    return this.organisations.hubsPerTown();
  }

  @Get('organisations/late-reports')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Annual reports flagged late' })
  @ApiPageResponse(
    AnnualReportResponse,
    'Annual reports flagged late: still missing after the due date, or filed after it',
  )
  late(@Query() q: LateReportQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.late(q, user);
  }

  @Post('organisations/late-reports/scan')
  @HttpCode(200)
  @Roles('governance:supervisor')
  @ApiOkResponse({
    type: LateScanResponse,
    description: 'Flags reports past due today (idempotent; also runs on a timer)',
  })
  @ApiOperation({ summary: 'Flag annual reports past due today' })
  scanLate() {
    return this.reports.flagLate();
  }

  @Get('organisations/:organisationId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One social organisation' })
  @ApiOkResponse({ type: SocialOrganisationResponse })
  get(@Param('organisationId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.get(id, user);
  }

  @Put('organisations/:organisationId')
  @Roles('governance:clerk')
  @ApiOkResponse({
    type: SocialOrganisationResponse,
    description: 'Changes name, town or hub status; kept in the history with the reason',
  })
  @ApiOperation({ summary: 'Change name, town or hub status, with the reason' })
  change(
    @Param('organisationId') id: string,
    @Body() dto: ChangeOrganisationDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.organisations.change(id, dto, user);
  }

  @Get('organisations/:organisationId/history')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Every recorded change of the organisation' })
  @ApiOkResponse({ type: [OrganisationChangeResponse] })
  history(@Param('organisationId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.historyOf(id, user);
  }

  @Post('organisations/:organisationId/annual-reports')
  @Roles('governance:clerk')
  @ApiCreatedResponse({
    type: AnnualReportResponse,
    description: 'Files the report of a closed year; publishes governance.social-organisation.annual-report-filed',
  })
  @ApiOperation({ summary: 'File the annual report of a closed year' })
  file(@Param('organisationId') id: string, @Body() dto: AnnualReportDto, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.file(id, dto, user);
  }

  @Get('organisations/:organisationId/annual-reports')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The organisation’s annual reports' })
  @ApiOkResponse({ type: [AnnualReportResponse] })
  reportsOf(@Param('organisationId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.reports.reportsOf(id, user);
  }

  @Post('organisations/:organisationId/grade')
  @HttpCode(200)
  @Roles('governance:supervisor')
  @ApiOkResponse({ type: SocialOrganisationResponse, description: 'Records the grade evaluation (1A-5A)' })
  @ApiOperation({ summary: 'Record the grade evaluation (1A-5A)' })
  grade(@Param('organisationId') id: string, @Body() dto: GradeDto, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.grade(id, dto, user);
  }

  @Put('organisations/:organisationId/credit-list')
  @Roles('governance:supervisor')
  @ApiOkResponse({
    type: SocialOrganisationResponse,
    description: 'Red list, black list or off; publishes governance.social-organisation.credit-list-changed',
  })
  @ApiOperation({ summary: 'Put the organisation on the red or black list, or off it' })
  creditList(@Param('organisationId') id: string, @Body() dto: CreditListDto, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.setCreditList(id, dto, user);
  }
}
