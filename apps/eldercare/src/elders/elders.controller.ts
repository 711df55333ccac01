import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ElderListQueryDto, RegisterElderDto, UpdateElderDto } from './elder-input.dto';
import { EldersService } from './elders.service';
import { ElderResponse } from './elder.responses';

export const ELDER_READERS = [
  'eldercare:viewer',
  'eldercare:clerk',
  'eldercare:approver',
  'eldercare:supervisor',
] as const;

@ApiTags('elders')
@ApiBearerAuth()
@Controller('elders')
export class EldersController {
  constructor(private readonly elders: EldersService) {}

  @Post()
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Register an elder (60+) from a resident ID number' })
  @ApiCreatedResponse({
    type: ElderResponse,
    description:
      'The elder with personRef and masked ID; 400 names the field and rule (invalid ID, under 60, already registered)',
  })
  register(@Body() dto: RegisterElderDto, @CurrentUser() user: AuthenticatedUser) {
    return this.elders.register(dto, user);
  }

  @Get()
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'List elders in the caller’s towns' })
  @ApiPageResponse(ElderResponse, 'Paged; filter by town, status, living situation, personRef')
  list(@Query() q: ElderListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.elders.list(q, user);
  }

  @Get(':elderId')
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'One elder' })
  @ApiOkResponse({ type: ElderResponse, description: 'The elder; 404 when unknown, 403 outside the caller’s towns' })
  get(@Param('elderId') elderId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.elders.get(elderId, user);
  }

  @Put(':elderId')
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Change living situation, contacts or the responsible social worker' })
  @ApiOkResponse({
    type: ElderResponse,
    description: 'The elder; a living-situation change publishes eldercare.elder.situation-changed',
  })
  update(@Param('elderId') elderId: string, @Body() dto: UpdateElderDto, @CurrentUser() user: AuthenticatedUser) {
    return this.elders.update(elderId, dto, user);
  }
}
