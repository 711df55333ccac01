import { IsTown } from '@civic/contracts';
import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { CommunitiesService } from './communities.service';
import { CommunityProfileDto, ElectionDto } from './community-input.dto';
import {
  CommunityIndicatorsResponse,
  CommunityResponse,
  ElectionResponse,
  SetProfileResponse,
} from './community.responses';

const READERS = ['governance:viewer', 'governance:clerk', 'governance:supervisor'] as const;

class IndicatorQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsTown() town?: string;
}

@ApiTags('communities')
@ApiBearerAuth()
@Controller('communities')
export class CommunitiesController {
  constructor(private readonly communities: CommunitiesService) {}

  @Get('indicators')
  @Roles(...READERS)
  @ApiOkResponse({
    type: CommunityIndicatorsResponse,
    description:
      'Facility area per 100 households, community workers per 10,000 urban residents, certified share, election turnout (专栏1 indicators 15, 16)',
  })
  @ApiOperation({ summary: 'Community indicators: facility area, workers per residents, certificates, turnout' })
  indicators(@Query() q: IndicatorQueryDto) {
    return this.communities.indicators(q.town);
  }

  @Get(':code')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One community with its profile, current term and elections' })
  @ApiOkResponse({ type: CommunityResponse })
  get(@Param('code') code: string, @CurrentUser() user: AuthenticatedUser) {
    return this.communities.get(code, user);
  }

  @Put(':code/profile')
  @Roles('governance:clerk')
  @ApiOkResponse({
    type: SetProfileResponse,
    description: 'Households, residents, facility area and community workers as of today',
  })
  @ApiOperation({ summary: 'Set the community’s profile as of today' })
  setProfile(@Param('code') code: string, @Body() dto: CommunityProfileDto, @CurrentUser() user: AuthenticatedUser) {
    return this.communities.setProfile(code, dto, user);
  }

  @Post(':code/elections')
  @Roles('governance:clerk')
  @ApiCreatedResponse({
    type: ElectionResponse,
    description: 'A committee election with its turnout; the term runs from the election day',
  })
  @ApiOperation({ summary: 'Record a committee election' })
  recordElection(@Param('code') code: string, @Body() dto: ElectionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.communities.recordElection(code, dto, user);
  }
}
