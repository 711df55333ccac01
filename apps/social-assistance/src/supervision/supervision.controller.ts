import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { DrawSampleDto, FindingDto, SampleListQueryDto } from './supervision.dto';
import { SupervisionService } from './supervision.service';

@ApiTags('supervision')
@ApiBearerAuth()
@Controller('supervision/samples')
export class SupervisionController {
  constructor(private readonly supervision: SupervisionService) {}

  @Post()
  @Roles('assistance:supervisor')
  @ApiCreatedResponse({
    description: 'A seeded random sample of active cases; the same seed over the same cases draws the same sample',
  })
  draw(@Body() dto: DrawSampleDto, @CurrentUser() user: AuthenticatedUser) {
    return this.supervision.draw(dto, user);
  }

  @Get()
  @Roles('assistance:supervisor')
  list(@Query() q: SampleListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.supervision.list(q, user);
  }

  @Get(':sampleId')
  @Roles('assistance:supervisor')
  get(@Param('sampleId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.supervision.get(id, user);
  }

  @Post(':sampleId/cases/:caseId/finding')
  @HttpCode(200)
  @Roles('assistance:supervisor')
  record(
    @Param('sampleId') id: string,
    @Param('caseId') caseId: string,
    @Body() dto: FindingDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.supervision.recordFinding(id, caseId, dto, user);
  }
}
