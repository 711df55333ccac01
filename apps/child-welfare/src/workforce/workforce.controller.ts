import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHILD_WELFARE_READERS } from '../persistence/roles';
import { AssignWorkerDto, OpenWorkstationDto, WorkforceQueryDto } from './workforce-input.dto';
import { WorkforceService } from './workforce.service';
import { WorkerResponse, WorkstationCoverageResponse, WorkstationResponse } from './workforce.responses';

@ApiTags('workforce')
@ApiBearerAuth()
@Controller()
export class WorkforceController {
  constructor(private readonly workforce: WorkforceService) {}

  @Post('workforce/assignments')
  @Roles('child-welfare:supervisor')
  @ApiOperation({ summary: 'Assign a village child director or a town child supervisor' })
  @ApiCreatedResponse({
    type: WorkerResponse,
    description: 'Assigned; the previous holder of the village (director) or town (supervisor) ends today',
  })
  assign(@Body() dto: AssignWorkerDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workforce.assign(dto, user);
  }

  @Get('workforce')
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: 'Current child directors and supervisors' })
  @ApiPageResponse(WorkerResponse, 'Current child directors and supervisors, paged; filter by town and role')
  list(@Query() q: WorkforceQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workforce.list(q, user);
  }

  @Post('workstations')
  @Roles('child-welfare:supervisor')
  @ApiOperation({ summary: 'Open a town’s minor-protection workstation' })
  @ApiCreatedResponse({
    type: WorkstationResponse,
    description: 'A minor-protection workstation (未成年人保护工作站) opened; 409 when the town has one',
  })
  openWorkstation(@Body() dto: OpenWorkstationDto, @CurrentUser() user: AuthenticatedUser) {
    return this.workforce.openWorkstation(dto, user);
  }

  @Get('workstations/coverage')
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: 'Workstation coverage of the towns against the dated target' })
  @ApiOkResponse({
    type: WorkstationCoverageResponse,
    description: 'Towns with a workstation ÷ towns with a child supervisor, against child.workstation.coverage_target',
  })
  coverage() {
    return this.workforce.coverage();
  }
}
