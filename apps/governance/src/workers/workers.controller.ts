import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AssignDto,
  AssignmentListQueryDto,
  CertificateDto,
  EndAssignmentDto,
  OpenStationDto,
  RegisterWorkerDto,
  WorkerListQueryDto,
} from './worker-input.dto';
import { WorkersService } from './workers.service';
import { AssignmentResponse, SocialWorkerResponse, StationCoverageResponse, StationResponse } from './worker.responses';

const READERS = ['governance:viewer', 'governance:clerk', 'governance:supervisor'] as const;

@ApiTags('social workers and stations')
@ApiBearerAuth()
@Controller()
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @Post('stations')
  @Roles('governance:supervisor')
  @ApiCreatedResponse({
    type: StationResponse,
    description: 'Opens a town station or a village point (one each); codes must be in force',
  })
  @ApiOperation({ summary: 'Open a town social-work station or a village point' })
  openStation(@Body() dto: OpenStationDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.openStation(dto, user);
  }

  @Get('stations/coverage')
  @Roles(...READERS)
  @ApiOkResponse({
    type: StationCoverageResponse,
    description: 'Towns with a station, villages with a point, certified workers, people assigned',
  })
  @ApiOperation({ summary: 'Station and point coverage, certified workers, people assigned' })
  coverage() {
    return this.workers.coverage();
  }

  @Post('social-workers')
  @Roles('governance:clerk')
  @ApiOperation({ summary: 'Register a social worker at a station' })
  @ApiCreatedResponse({ type: SocialWorkerResponse })
  registerWorker(@Body() dto: RegisterWorkerDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.registerWorker(dto, user);
  }

  @Get('social-workers')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Social workers in the caller’s towns' })
  @ApiPageResponse(SocialWorkerResponse)
  listWorkers(@Query() q: WorkerListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.listWorkers(q, user);
  }

  @Get('social-workers/:socialWorkerId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One social worker' })
  @ApiOkResponse({ type: SocialWorkerResponse })
  getWorker(@Param('socialWorkerId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.getWorker(id, user);
  }

  @Put('social-workers/:socialWorkerId/certificate')
  @Roles('governance:clerk')
  @ApiOkResponse({
    type: SocialWorkerResponse,
    description: 'Records the social-work certificate (only certified workers are assigned)',
  })
  @ApiOperation({ summary: 'Record a social worker’s certificate' })
  certify(@Param('socialWorkerId') id: string, @Body() dto: CertificateDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.certify(id, dto, user);
  }

  @Post('assignments')
  @Roles('governance:clerk')
  @ApiCreatedResponse({
    type: AssignmentResponse,
    description: 'Assigns a certified worker to a person; publishes governance.social-worker.assigned',
  })
  @ApiOperation({ summary: 'Assign a certified social worker to a person' })
  assign(@Body() dto: AssignDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.assign(dto, user);
  }

  @Get('assignments')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Assignments of social workers to people' })
  @ApiPageResponse(AssignmentResponse)
  listAssignments(@Query() q: AssignmentListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.listAssignments(q, user);
  }

  @Post('assignments/:assignmentId/end')
  @HttpCode(200)
  @Roles('governance:clerk')
  @ApiOperation({ summary: 'End an assignment' })
  @ApiOkResponse({ type: AssignmentResponse })
  endAssignment(
    @Param('assignmentId') id: string,
    @Body() dto: EndAssignmentDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.workers.endAssignment(id, dto, user);
  }
}
