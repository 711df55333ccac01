import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ELDER_READERS } from '../elders/elders.controller';
import {
  AdaptationPage,
  AdaptationQueryDto,
  AdaptationView,
  ApplyAdaptationDto,
  CompleteAdaptationDto,
} from './home-adaptation-input.dto';
import { HomeAdaptationsService } from './home-adaptations.service';

@ApiTags('home adaptations')
@ApiBearerAuth()
@Controller('home-adaptations')
export class HomeAdaptationsController {
  constructor(private readonly adaptations: HomeAdaptationsService) {}

  @Post()
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Apply for an age-friendly adaptation (适老化改造) of an elder’s home' })
  @ApiCreatedResponse({ type: AdaptationView })
  @ApiBadRequestResponse({
    description: 'Problem details naming the field and rule (unknown elder, items, future date)',
  })
  @ApiConflictResponse({ description: 'The elder died' })
  apply(@Body() dto: ApplyAdaptationDto, @CurrentUser() user: AuthenticatedUser) {
    return this.adaptations.apply(dto, user);
  }

  @Get()
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'Home adaptations, filtered by town, status and elder' })
  @ApiOkResponse({ type: AdaptationPage })
  list(@Query() q: AdaptationQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.adaptations.list(q, user);
  }

  @Post(':adaptationId/completion')
  @HttpCode(200)
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Record the completed adaptation with its cost' })
  @ApiOkResponse({ type: AdaptationView, description: 'eldercare.home-adaptation.completed is published' })
  @ApiBadRequestResponse({
    description: 'Problem details naming the field and rule (future date, before the application, cost out of bounds)',
  })
  @ApiConflictResponse({ description: 'Already completed or cancelled' })
  complete(
    @Param('adaptationId') adaptationId: string,
    @Body() dto: CompleteAdaptationDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.adaptations.complete(adaptationId, dto, user);
  }
}
