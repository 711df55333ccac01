import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHARITY_READERS } from '../persistence/roles';
import { OpenStationDto, RegisterFacilityDto, RegisterVolunteerDto, ServiceHoursDto } from './volunteer-input.dto';
import { VolunteersService } from './volunteers.service';
import { FacilityResponse, VolunteerResponse } from './volunteer.responses';

@ApiTags('volunteers')
@ApiBearerAuth()
@Controller()
export class VolunteersController {
  constructor(private readonly volunteers: VolunteersService) {}

  @Post('volunteers')
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Register a volunteer from a resident ID number' })
  @ApiCreatedResponse({
    type: VolunteerResponse,
    description: 'A volunteer (personRef and masked ID only in answers); 409 when already registered',
  })
  register(@Body() dto: RegisterVolunteerDto, @CurrentUser() user: AuthenticatedUser) {
    return this.volunteers.register(dto, user);
  }

  @Get('volunteers/:volunteerId')
  @Roles(...CHARITY_READERS)
  @ApiOperation({ summary: 'One volunteer with total service minutes' })
  @ApiOkResponse({ type: VolunteerResponse, description: 'The volunteer with total service minutes' })
  get(@Param('volunteerId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.volunteers.volunteer(id, user);
  }

  @Post('volunteers/:volunteerId/service-hours')
  @HttpCode(200)
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Record minutes a volunteer served on a day' })
  @ApiOkResponse({
    type: VolunteerResponse,
    description: 'Records minutes served on a day; the volunteer with the new total',
  })
  hours(@Param('volunteerId') id: string, @Body() dto: ServiceHoursDto, @CurrentUser() user: AuthenticatedUser) {
    return this.volunteers.recordHours(id, dto, user);
  }

  @Post('community-facilities')
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Register a community service facility' })
  @ApiCreatedResponse({
    type: FacilityResponse,
    description: 'A community service facility (the base of indicator 13)',
  })
  facility(@Body() dto: RegisterFacilityDto, @CurrentUser() user: AuthenticatedUser) {
    return this.volunteers.registerFacility(dto, user);
  }

  @Post('community-facilities/:facilityId/volunteer-station')
  @HttpCode(200)
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Open a volunteer service station at a facility' })
  @ApiOkResponse({
    type: FacilityResponse,
    description: 'The facility hosts a volunteer service station from the date; 409 when it already does',
  })
  station(@Param('facilityId') id: string, @Body() dto: OpenStationDto, @CurrentUser() user: AuthenticatedUser) {
    return this.volunteers.openStation(id, dto, user);
  }
}
