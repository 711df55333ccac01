import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ELDER_READERS } from '../elders/elders.controller';
import { AdmitDto, DischargeDto, InstitutionListQueryDto, RegisterInstitutionDto } from './institution-input.dto';
import { InstitutionsService } from './institutions.service';
import { DischargeResponse, InstitutionResponse, NursingBedShareResponse, StayResponse } from './institution.responses';

@ApiTags('institutions')
@ApiBearerAuth()
@Controller('institutions')
export class InstitutionsController {
  constructor(private readonly institutions: InstitutionsService) {}

  @Post()
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Register an institution with its beds by type' })
  @ApiCreatedResponse({
    type: InstitutionResponse,
    description: 'The institution with occupancy, nursing-bed share and start-up subsidy ceiling',
  })
  register(@Body() dto: RegisterInstitutionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.institutions.register(dto, user);
  }

  @Get()
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'Institutions with occupancy' })
  @ApiPageResponse(InstitutionResponse, 'Paged; filter by town and ownership')
  list(@Query() q: InstitutionListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.institutions.list(q, user);
  }

  @Get('nursing-bed-share')
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'Nursing-bed share per town and for the city (专栏1 indicator 6)' })
  @ApiOkResponse({ type: NursingBedShareResponse })
  nursingBedShare(@CurrentUser() user: AuthenticatedUser) {
    return this.institutions.nursingBedShare(user);
  }

  @Get(':institutionId')
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'One institution' })
  @ApiOkResponse({ type: InstitutionResponse, description: 'The institution; 404 when unknown' })
  get(@Param('institutionId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.institutions.get(id, user);
  }

  @Post(':institutionId/admissions')
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Admit an elder to a bed of the given type' })
  @ApiCreatedResponse({
    type: StayResponse,
    description: 'The stay; 404 unknown institution, 409 no free bed of the type or the elder already in one',
  })
  admit(@Param('institutionId') id: string, @Body() dto: AdmitDto, @CurrentUser() user: AuthenticatedUser) {
    return this.institutions.admit(id, dto, user);
  }

  @Post(':institutionId/discharges')
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Discharge an elder (ends the stay)' })
  @ApiCreatedResponse({ type: DischargeResponse, description: 'The ended stay; 404 when the stay is not open there' })
  discharge(@Param('institutionId') id: string, @Body() dto: DischargeDto, @CurrentUser() user: AuthenticatedUser) {
    return this.institutions.discharge(id, dto, user);
  }
}
