import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CHARITY_READERS } from '../persistence/roles';
import { OpenCrowdfundingDto, VerifyCostDto } from './crowdfunding-input.dto';
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

  @Post(':campaignId/verification')
  @HttpCode(200)
  @Roles('charity:reviewer')
  @ApiOkResponse({ description: 'Records the medical cost verified from the bills; 409 when already verified' })
  verify(@Param('campaignId') id: string, @Body() dto: VerifyCostDto, @CurrentUser() user: AuthenticatedUser) {
    return this.crowdfunding.verify(id, dto, user);
  }

  @Get(':campaignId')
  @Roles(...CHARITY_READERS)
  @ApiOkResponse({ description: 'The campaign with target and progress' })
  get(@Param('campaignId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.crowdfunding.get(id, user);
  }
}
