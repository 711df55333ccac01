import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHARITY_READERS } from '../persistence/roles';
import {
  AnnualReportDto,
  FundraisingQualificationDto,
  GradeDto,
  OrganisationListQueryDto,
  RegisterOrganisationDto,
} from './organisation-input.dto';
import { OrganisationsService } from './organisations.service';
import { OrganisationResponse } from './organisation.responses';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post()
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Recognise a charitable organisation' })
  @ApiCreatedResponse({
    type: OrganisationResponse,
    description: 'Recognised; publishes charity.organisation.registered; 409 on a known credit code',
  })
  async register(@Body() dto: RegisterOrganisationDto, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.view(await this.organisations.register(dto, user));
  }

  @Get()
  @Roles(...CHARITY_READERS)
  @ApiOperation({ summary: 'Charitable organisations' })
  @ApiPageResponse(OrganisationResponse, 'Paged; filter by town')
  async list(@Query() q: OrganisationListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    const page = await this.organisations.list(q, user);
    return { ...page, items: page.items.map((o) => this.organisations.view(o)) };
  }

  @Get(':organisationId')
  @Roles(...CHARITY_READERS)
  @ApiOperation({ summary: 'One organisation with its qualification, grade and reports' })
  @ApiOkResponse({ type: OrganisationResponse })
  async get(@Param('organisationId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.view(await this.organisations.get(id, user));
  }

  @Post(':organisationId/fundraising-qualification')
  @HttpCode(200)
  @Roles('charity:approver')
  @ApiOperation({ summary: 'Grant or renew the public-fundraising qualification' })
  @ApiOkResponse({
    type: OrganisationResponse,
    description: 'Grants or renews the public-fundraising qualification (公开募捐资格) for its validity dates',
  })
  async qualify(
    @Param('organisationId') id: string,
    @Body() dto: FundraisingQualificationDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.organisations.view(await this.organisations.qualify(id, dto, user));
  }

  @Post(':organisationId/grade')
  @HttpCode(200)
  @Roles('charity:approver')
  @ApiOperation({ summary: 'Record the evaluation grade' })
  @ApiOkResponse({ type: OrganisationResponse, description: 'Records the evaluation grade (评估等级)' })
  async grade(@Param('organisationId') id: string, @Body() dto: GradeDto, @CurrentUser() user: AuthenticatedUser) {
    return this.organisations.view(await this.organisations.grade(id, dto, user));
  }

  @Post(':organisationId/annual-reports')
  @HttpCode(200)
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'File the annual report and disclosure of a finished year' })
  @ApiOkResponse({
    type: OrganisationResponse,
    description: 'Files the annual report and disclosure of a finished year; 409 when already filed',
  })
  async report(
    @Param('organisationId') id: string,
    @Body() dto: AnnualReportDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.organisations.view(await this.organisations.fileReport(id, dto, user));
  }
}
