import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHARITY_READERS } from '../persistence/roles';
import { OpenCrowdfundingDto, VerifyCostDto } from './crowdfunding-input.dto';
import { CrowdfundingService } from './crowdfunding.service';
import { CampaignResponse } from './campaign.responses';

@ApiTags('crowdfunding')
@ApiBearerAuth()
@Controller('crowdfunding')
export class CrowdfundingController {
  constructor(private readonly crowdfunding: CrowdfundingService) {}

  @Post()
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Open a crowdfunding campaign (红心筹) and its project' })
  @ApiCreatedResponse({
    type: CampaignResponse,
    description:
      'Opens a campaign and its project; publishes charity.crowdfunding.opened (read by the policy engine as rigid medical spending)',
  })
  open(@Body() dto: OpenCrowdfundingDto, @CurrentUser() user: AuthenticatedUser) {
    return this.crowdfunding.open(dto, user);
  }

  @Post(':campaignId/verification')
  @HttpCode(200)
  @Roles('charity:reviewer')
  @ApiOperation({ summary: 'Record the medical cost verified from the bills' })
  @ApiOkResponse({
    type: CampaignResponse,
    description: 'Records the medical cost verified from the bills; 409 when already verified',
  })
  verify(@Param('campaignId') id: string, @Body() dto: VerifyCostDto, @CurrentUser() user: AuthenticatedUser) {
    return this.crowdfunding.verify(id, dto, user);
  }

  @Get(':campaignId')
  @Roles(...CHARITY_READERS)
  @ApiOperation({ summary: 'One campaign with its target and progress' })
  @ApiOkResponse({ type: CampaignResponse, description: 'The campaign with target and progress' })
  get(@Param('campaignId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.crowdfunding.get(id, user);
  }
}
