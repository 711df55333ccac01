import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DrawSampleDto, FindingDto, SampleListQueryDto } from './supervision.dto';
import { SupervisionService } from './supervision.service';
import {
  DrawnSampleResponse,
  RecordedFindingResponse,
  SampleResponse,
  SampleRowResponse,
} from './supervision.responses';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision/samples')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Post()
  @Roles('assistance:supervisor')
  @ApiCreatedResponse({
    type: DrawnSampleResponse,
    description: 'A seeded random sample of active cases; the same seed over the same cases draws the same sample',
  })
  @ApiOperation({ summary: 'Draw a seeded random sample of active cases' })
  draw(@Body() dto: DrawSampleDto, @CurrentUser() user: AuthenticatedUser) {
    return this.supervision.draw(dto, user);
  }

  @Get()
  @Roles('assistance:supervisor')
  @ApiOperation({ summary: 'Samples drawn over the towns of the user, newest first' })
  @ApiPageResponse(SampleRowResponse)
  list(@Query() q: SampleListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.supervision.list(q, user);
  }

  @Get(':sampleId')
  @Roles('assistance:supervisor')
  @ApiOperation({ summary: 'One sample with its sampled cases and findings' })
  @ApiOkResponse({ type: SampleResponse })
  get(@Param('sampleId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.supervision.get(id, user);
  }

  @Post(':sampleId/cases/:caseId/finding')
  @HttpCode(200)
  @Roles('assistance:supervisor')
  @ApiOperation({ summary: 'Record the finding on a sampled case' })
  @ApiOkResponse({ type: RecordedFindingResponse })
  record(
    @Param('sampleId') id: string,
    @Param('caseId') caseId: string,
    @Body() dto: FindingDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.supervision.recordFinding(id, caseId, dto, user);
  }
}
