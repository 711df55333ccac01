import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHARITY_READERS } from '../persistence/roles';
import { CreateReferralDto, ReferralListQueryDto, ResolveReferralDto } from './referral-input.dto';
import { ReferralsService } from './referrals.service';
import { ReferralResponse } from './referral.responses';

@ApiTags('referrals')
@ApiBearerAuth()
@Controller('referrals')
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post()
  @Roles('charity:clerk', 'assistance:clerk')
  @ApiOperation({ summary: 'Refer a need the government cannot cover to a help centre' })
  @ApiCreatedResponse({
    type: ReferralResponse,
    description: 'A need the government cannot cover, referred to a help centre',
  })
  create(@Body() dto: CreateReferralDto, @CurrentUser() user: AuthenticatedUser) {
    return this.referrals.create(dto, user);
  }

  @Get()
  @Roles(...CHARITY_READERS)
  @ApiOperation({ summary: 'The help-centre referral queue, oldest first' })
  @ApiPageResponse(ReferralResponse, 'The work queue, oldest first; filter by help centre, status, town')
  list(@Query() q: ReferralListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.referrals.list(q, user);
  }

  @Get(':referralId')
  @Roles(...CHARITY_READERS)
  @ApiOperation({ summary: 'One referral' })
  @ApiOkResponse({ type: ReferralResponse })
  get(@Param('referralId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.referrals.get(id, user);
  }

  @Post(':referralId/assign')
  @HttpCode(200)
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Take a referral (in progress)' })
  @ApiOkResponse({ type: ReferralResponse, description: 'The caller takes the referral (in-progress)' })
  assign(@Param('referralId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.referrals.assign(id, user);
  }

  @Post(':referralId/outcome')
  @HttpCode(200)
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Record the outcome of a referral' })
  @ApiOkResponse({ type: ReferralResponse, description: 'Records the outcome; publishes charity.referral.resolved' })
  resolve(@Param('referralId') id: string, @Body() dto: ResolveReferralDto, @CurrentUser() user: AuthenticatedUser) {
    return this.referrals.resolve(id, dto, user);
  }
}
