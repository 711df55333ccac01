import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DrawInspectionDto } from './inspection-input.dto';
import { InspectionsService } from './inspections.service';
import { InspectionResponse } from './inspection.responses';

@ApiTags('inspections')
@ApiBearerAuth()
@Controller('inspections')
export class InspectionsController {
  constructor(private readonly inspections: InspectionsService) {}

  @Post()
  @Roles('governance:supervisor')
  @ApiCreatedResponse({
    type: InspectionResponse,
    description: 'Draws the sample with a recorded seed (reproducible: same seed, same population, same sample)',
  })
  @ApiOperation({ summary: 'Draw a seeded random inspection sample of social organisations' })
  draw(@Body() dto: DrawInspectionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.inspections.draw(dto, user);
  }

  @Get(':inspectionId')
  @Roles('governance:viewer', 'governance:supervisor')
  @ApiOperation({ summary: 'One inspection draw' })
  @ApiOkResponse({ type: InspectionResponse })
  get(@Param('inspectionId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.inspections.get(id, user);
  }
}
