import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { DrawInspectionDto } from './inspection-input.dto';
import { InspectionsService } from './inspections.service';

@ApiTags('inspections')
@ApiBearerAuth()
@Controller('inspections')
export class InspectionsController {
  constructor(private readonly inspections: InspectionsService) {}

  @Post()
  @Roles('governance:supervisor')
  @ApiCreatedResponse({
    description: 'Draws the sample with a recorded seed (reproducible: same seed, same population, same sample)',
  })
  draw(@Body() dto: DrawInspectionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.inspections.draw(dto, user);
  }

  @Get(':inspectionId')
  @Roles('governance:viewer', 'governance:supervisor')
  get(@Param('inspectionId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.inspections.get(id, user);
  }
}
