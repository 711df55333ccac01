import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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

const READERS = ['governance:viewer', 'governance:clerk', 'governance:supervisor'] as const;

@ApiTags('social workers and stations')
@ApiBearerAuth()
@Controller()
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @Post('stations')
  @Roles('governance:supervisor')
  @ApiCreatedResponse({ description: 'Opens a town station or a village point (one each); codes must be in force' })
  openStation(@Body() dto: OpenStationDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.openStation(dto, user);
  }

  @Get('stations/coverage')
  @Roles(...READERS)
  @ApiOkResponse({ description: 'Towns with a station, villages with a point, certified workers, people assigned' })
  coverage() {
    return this.workers.coverage();
  }

  @Post('social-workers')
  @Roles('governance:clerk')
  registerWorker(@Body() dto: RegisterWorkerDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.registerWorker(dto, user);
  }

  @Get('social-workers')
  @Roles(...READERS)
  listWorkers(@Query() q: WorkerListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.listWorkers(q, user);
  }

  @Get('social-workers/:socialWorkerId')
  @Roles(...READERS)
  getWorker(@Param('socialWorkerId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.getWorker(id, user);
  }

  @Put('social-workers/:socialWorkerId/certificate')
  @Roles('governance:clerk')
  @ApiOkResponse({ description: 'Records the social-work certificate (only certified workers are assigned)' })
  certify(@Param('socialWorkerId') id: string, @Body() dto: CertificateDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.certify(id, dto, user);
  }

  @Post('assignments')
  @Roles('governance:clerk')
  @ApiCreatedResponse({
    description: 'Assigns a certified worker to a person; publishes governance.social-worker.assigned',
  })
  assign(@Body() dto: AssignDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.assign(dto, user);
  }

  @Get('assignments')
  @Roles(...READERS)
  listAssignments(@Query() q: AssignmentListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workers.listAssignments(q, user);
  }

  @Post('assignments/:assignmentId/end')
  @HttpCode(200)
  @Roles('governance:clerk')
  endAssignment(
    @Param('assignmentId') id: string,
    @Body() dto: EndAssignmentDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.workers.endAssignment(id, dto, user);
  }
}
