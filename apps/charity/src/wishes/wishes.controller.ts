import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CHARITY_READERS } from '../persistence/roles';
import { MatchWishDto, PostWishDto, WishListQueryDto } from './wish-input.dto';
import { WishesService } from './wishes.service';

@ApiTags('wishes')
@ApiBearerAuth()
@Controller('wishes')
export class WishesController {
  constructor(private readonly wishes: WishesService) {}

  @Post()
  @Roles('charity:clerk')
  @ApiCreatedResponse({ description: 'A material wish posted for a person in hardship' })
  post(@Body() dto: PostWishDto, @CurrentUser() user: AuthenticatedUser) {
    return this.wishes.post(dto, user);
  }

  @Get()
  @Roles(...CHARITY_READERS)
  @ApiOkResponse({ description: 'Paged; filter by status, town' })
  list(@Query() q: WishListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.wishes.list(q, user);
  }

  @Post(':wishId/match')
  @HttpCode(200)
  @Roles('charity:clerk')
  @ApiOkResponse({ description: 'A donor takes the wish; 409 unless posted' })
  match(@Param('wishId') id: string, @Body() dto: MatchWishDto, @CurrentUser() user: AuthenticatedUser) {
    return this.wishes.match(id, dto, user);
  }

  @Post(':wishId/delivery')
  @HttpCode(200)
  @Roles('charity:clerk')
  @ApiOkResponse({ description: 'Delivery confirmed; publishes charity.wish.fulfilled; 409 unless matched' })
  deliver(@Param('wishId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return this.wishes.confirmDelivery(id, user);
  }
}
