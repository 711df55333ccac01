import { IsTown } from '@civic/contracts';
import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { CommunitiesService } from './communities.service';
import { CommunityProfileDto, ElectionDto } from './community-input.dto';

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
    description:
      'Facility area per 100 households, community workers per 10,000 urban residents, certified share, election turnout (专栏1 indicators 15, 16)',
  })
  indicators(@Query() q: IndicatorQueryDto) {
    return this.communities.indicators(q.town);
  }

  @Get(':code')
  @Roles(...READERS)
  get(@Param('code') code: string, @CurrentUser() user: AuthenticatedUser) {
    return this.communities.get(code, user);
  }

  @Put(':code/profile')
  @Roles('governance:clerk')
  @ApiOkResponse({ description: 'Households, residents, facility area and community workers as of today' })
  setProfile(@Param('code') code: string, @Body() dto: CommunityProfileDto, @CurrentUser() user: AuthenticatedUser) {
    return this.communities.setProfile(code, dto, user);
  }

  @Post(':code/elections')
  @Roles('governance:clerk')
  @ApiCreatedResponse({ description: 'A committee election with its turnout; the term runs from the election day' })
  recordElection(@Param('code') code: string, @Body() dto: ElectionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.communities.recordElection(code, dto, user);
  }
}
