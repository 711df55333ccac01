import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHARITY_READERS } from '../persistence/roles';
import { LaunchProjectDto, ProjectListQueryDto } from './project-input.dto';
import { ProjectsService } from './projects.service';
import { ProjectResponse } from './project.responses';

@ApiTags('projects')
@ApiBearerAuth()
@Controller('projects')
export class ProjectsController {
  constructor(private readonly projects: ProjectsService) {}

  @Post()
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Launch a charity project' })
  @ApiCreatedResponse({
    type: ProjectResponse,
    description:
      'Launched; publishes charity.project.launched. 400 names organisationId (black-listed) or publicFundraising (no valid qualification)',
  })
  launch(@Body() dto: LaunchProjectDto, @CurrentUser() user: AuthenticatedUser) {
    return this.projects.launch(dto, user);
  }

  @Get()
  @Roles(...CHARITY_READERS)
  @ApiOperation({ summary: 'Charity projects' })
  @ApiPageResponse(ProjectResponse, 'Paged; filter by organisation, status, town')
  list(@Query() q: ProjectListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.projects.list(q, user);
  }

  @Get(':projectId')
  @Roles(...CHARITY_READERS)
  @ApiOperation({ summary: 'One project with its fund figures' })
  @ApiOkResponse({
    type: ProjectResponse,
    description: 'The project with its fund balance, money raised, goods value and aid disbursed',
  })
  get(@Param('projectId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.projects.get(id, user);
  }

  @Post(':projectId/close')
  @HttpCode(200)
  @Roles('charity:approver')
  @ApiOperation({ summary: 'Close a project to donations' })
  @ApiOkResponse({ type: ProjectResponse, description: 'Closes the project to donations; 409 when already closed' })
  close(@Param('projectId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.projects.close(id, user);
  }
}
