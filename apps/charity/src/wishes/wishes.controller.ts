import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHARITY_READERS } from '../persistence/roles';
import { MatchWishDto, PostWishDto, WishListQueryDto } from './wish-input.dto';
import { WishesService } from './wishes.service';
import { WishResponse } from './wish.responses';

@ApiTags('wishes')
@ApiBearerAuth()
@Controller('wishes')
export class WishesController {
  constructor(private readonly wishes: WishesService) {}

  @Post()
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Post a material wish for a person in hardship' })
  @ApiCreatedResponse({ type: WishResponse, description: 'A material wish posted for a person in hardship' })
  post(@Body() dto: PostWishDto, @CurrentUser() user: AuthenticatedUser) {
    return this.wishes.post(dto, user);
  }

  @Get()
  @Roles(...CHARITY_READERS)
  @ApiOperation({ summary: 'Material wishes' })
  @ApiPageResponse(WishResponse, 'Paged; filter by status, town')
  list(@Query() q: WishListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.wishes.list(q, user);
  }

  @Post(':wishId/match')
  @HttpCode(200)
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'A donor takes a wish' })
  @ApiOkResponse({ type: WishResponse, description: 'A donor takes the wish; 409 unless posted' })
  match(@Param('wishId') id: string, @Body() dto: MatchWishDto, @CurrentUser() user: AuthenticatedUser) {
    return this.wishes.match(id, dto, user);
  }

  @Post(':wishId/delivery')
  @HttpCode(200)
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Confirm delivery of a wish' })
  @ApiOkResponse({
    type: WishResponse,
    description: 'Delivery confirmed; publishes charity.wish.fulfilled; 409 unless matched',
  })
  deliver(@Param('wishId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.wishes.confirmDelivery(id, user);
  }
}
