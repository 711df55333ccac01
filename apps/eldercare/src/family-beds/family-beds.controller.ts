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
  CloseFamilyBedDto,
  FamilyBedPage,
  FamilyBedQueryDto,
  FamilyBedView,
  OpenFamilyBedDto,
} from './family-bed-input.dto';
import { FamilyBedsService } from './family-beds.service';

@ApiTags('family care beds')
@ApiBearerAuth()
@Controller('family-care-beds')
export class FamilyBedsController {
  constructor(private readonly beds: FamilyBedsService) {}

  @Post()
  @Roles('eldercare:clerk')
  @ApiOperation({
    summary: 'Set up a family care bed (家庭养老床位) in an assessed elder’s home, run by a community centre',
  })
  @ApiCreatedResponse({ type: FamilyBedView, description: 'The bed; eldercare.family-care-bed.opened is published' })
  @ApiBadRequestResponse({
    description: 'Problem details naming the field and rule (unknown elder or site, not a centre, future date)',
  })
  @ApiConflictResponse({ description: 'The elder died, is not assessed, or already has an open bed' })
  open(@Body() dto: OpenFamilyBedDto, @CurrentUser() user: AuthenticatedUser) {
    return this.beds.open(dto, user);
  }

  @Get()
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'Family care beds, filtered by town, status and elder' })
  @ApiOkResponse({ type: FamilyBedPage })
  list(@Query() q: FamilyBedQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.beds.list(q, user);
  }

  @Post(':bedId/closure')
  @HttpCode(200)
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Close a family care bed' })
  @ApiOkResponse({ type: FamilyBedView, description: 'The closed bed; eldercare.family-care-bed.closed is published' })
  @ApiBadRequestResponse({ description: 'Problem details naming the field and rule (future date, before the opening)' })
  @ApiConflictResponse({ description: 'The bed is already closed' })
  close(@Param('bedId') bedId: string, @Body() dto: CloseFamilyBedDto, @CurrentUser() user: AuthenticatedUser) {
    return this.beds.close(bedId, dto, user);
  }
}
