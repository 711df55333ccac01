import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CHARITY_READERS } from '../persistence/roles';
import { OpenCrowdfundingDto } from './crowdfunding-input.dto';
import { CrowdfundingService } from './crowdfunding.service';

@ApiTags('crowdfunding')
@ApiBearerAuth()
@Controller('crowdfunding')
export class CrowdfundingController {
  constructor(private readonly crowdfunding: CrowdfundingService) {}

  @Post()
  @Roles('charity:clerk')
  @ApiCreatedResponse({
    description:
      'Opens a campaign and its project; publishes charity.crowdfunding.opened (read by the policy engine as rigid medical spending)',
  })
  open(@Body() dto: OpenCrowdfundingDto, @CurrentUser() user: AuthenticatedUser) {
    return this.crowdfunding.open(dto, user);
  }

  @Get(':campaignId')
  @Roles(...CHARITY_READERS)
  @ApiOkResponse({ description: 'The campaign with target and progress' })
  get(@Param('campaignId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.crowdfunding.get(id, user);
  }
}
