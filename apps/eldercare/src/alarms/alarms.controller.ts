import { ApiPageResponse, AuthenticatedUser, Clock, CurrentUser, Public, Roles } from '@civic/platform';
import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ELDER_READERS } from '../elders/elders.controller';
import { AlarmListQueryDto, RaiseAlarmDto, RegisterDeviceDto } from './alarm-input.dto';
import { AlarmsService } from './alarms.service';
import { DevicesService } from './devices.service';
import {
  AlarmResponse,
  DeviceRegisteredResponse,
  DeviceRevokedResponse,
  EscalationScanResponse,
  RaisedAlarmResponse,
} from './alarm.responses';

@ApiTags('alarms')
@Controller()
export class AlarmsController {
  constructor(
    private readonly alarms: AlarmsService,
    private readonly devices: DevicesService,
    private readonly clock: Clock,
  ) {}

  @Post('devices/:deviceId/alarms')
  @Public()
  @HttpCode(202)
  @ApiHeader({ name: 'x-device-token', description: 'the credential issued to this device', required: true })
  @ApiOperation({ summary: 'Intake of a device alarm (device credential, not a user token)' })
  @ApiAcceptedResponse({
    type: RaisedAlarmResponse,
    description:
      '202 with the alarm (merged: true when it joined an unacknowledged one); 404 unknown device, 401 wrong token, 403 revoked device',
  })
  raise(@Param('deviceId') deviceId: string, @Headers('x-device-token') token: string, @Body() dto: RaiseAlarmDto) {
    return this.alarms.raise(deviceId, token, dto);
  }

  @Post('elders/:elderId/devices')
  @ApiBearerAuth()
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Register a monitoring device for the elder; the answer holds its token, shown once' })
  @ApiCreatedResponse({
    type: DeviceRegisteredResponse,
    description: '{ deviceId, elderId, token }; 409 when the device is already registered',
  })
  registerDevice(
    @Param('elderId') elderId: string,
    @Body() dto: RegisterDeviceDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.devices.register(elderId, dto, user);
  }

  @Post('devices/:deviceId/revocation')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Revoke a device credential; its alarms are refused from then on' })
  @ApiOkResponse({ type: DeviceRevokedResponse })
  revoke(@Param('deviceId') deviceId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.devices.revoke(deviceId, user);
  }

  @Get('alarms')
  @ApiBearerAuth()
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'Alarms, newest first' })
  @ApiPageResponse(AlarmResponse, 'Paged; filter by status, town, elder')
  list(@Query() q: AlarmListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.alarms.list(q, user);
  }

  @Post('alarms/:alarmId/acknowledgement')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'A responder acknowledges the alarm' })
  @ApiOkResponse({ type: AlarmResponse, description: 'The alarm; 409 when already acknowledged' })
  acknowledge(@Param('alarmId') alarmId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.alarms.acknowledge(alarmId, user);
  }

  @Post('alarms/escalation-scan')
  @HttpCode(200)
  @ApiBearerAuth()
  @Roles('eldercare:admin')
  @ApiOperation({ summary: 'Escalate the alarms not acknowledged in time (also runs every ALARM_SCAN_INTERVAL_MS)' })
  @ApiOkResponse({ type: EscalationScanResponse })
  async escalate() {
    return { escalated: await this.alarms.escalateOverdue(this.clock.now()) };
  }
}
