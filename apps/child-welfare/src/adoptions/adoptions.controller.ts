import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHILD_WELFARE_READERS } from '../persistence/roles';
import { ApplyAdoptionDto, AssessAdoptionDto } from './adoption-input.dto';
import { AdoptionsService } from './adoptions.service';
import { AdoptionResponse } from './adoption.responses';

@ApiTags('adoptions')
@ApiBearerAuth()
@Controller('adoptions')
export class AdoptionsController {
  constructor(private readonly adoptions: AdoptionsService) {}

  @Post()
  @Roles('child-welfare:clerk')
  @ApiOperation({ summary: 'Apply to adopt a child' })
  @ApiCreatedResponse({
    type: AdoptionResponse,
    description: 'Applied; awaits its assessment. 400 for an adopter under the minimum age or who is the child',
  })
  apply(@Body() dto: ApplyAdoptionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.adoptions.apply(dto, user);
  }

  @Get(':adoptionId')
  @Roles(...CHILD_WELFARE_READERS)
  @ApiOperation({ summary: 'One adoption' })
  @ApiOkResponse({ type: AdoptionResponse })
  get(@Param('adoptionId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.adoptions.get(id, user);
  }

  @Post(':adoptionId/assessment')
  @HttpCode(200)
  @Roles('child-welfare:reviewer')
  @ApiOperation({ summary: 'Record the adoption assessment: suitable or unsuitable' })
  @ApiOkResponse({
    type: AdoptionResponse,
    description: 'Assessed suitable or unsuitable; 409 unless awaiting assessment',
  })
  assess(@Param('adoptionId') id: string, @Body() dto: AssessAdoptionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.adoptions.assess(id, dto, user);
  }

  @Post(':adoptionId/registration')
  @HttpCode(200)
  @Roles('child-welfare:approver')
  @ApiOperation({ summary: 'Register the adoption (by someone other than the assessor)' })
  @ApiOkResponse({
    type: AdoptionResponse,
    description: 'Registered (needs a suitable assessment by someone else); publishes adoption-registered',
  })
  register(@Param('adoptionId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.adoptions.register(id, user);
  }
}
