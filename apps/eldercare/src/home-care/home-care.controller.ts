import { ApiPageResponse, AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ELDER_READERS } from '../elders/elders.controller';
import { OrderServiceDto, RecordDeliveryDto, RegisterSiteDto, SiteListQueryDto } from './home-care-input.dto';
import { HomeCareService } from './home-care.service';
import { CareSiteResponse, DeliveryResponse, ServiceOrderResponse, VillageCoverage } from './home-care.responses';

@ApiTags('home care')
@ApiBearerAuth()
@Controller()
export class HomeCareController {
  constructor(private readonly homeCare: HomeCareService) {}

  @Post('care-sites')
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Register a community centre, station or elder canteen' })
  @ApiCreatedResponse({ type: CareSiteResponse, description: 'The site' })
  registerSite(@Body() dto: RegisterSiteDto, @CurrentUser() user: AuthenticatedUser) {
    return this.homeCare.registerSite(dto, user);
  }

  @Get('care-sites')
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'Community care sites' })
  @ApiPageResponse(CareSiteResponse, 'Paged; filter by town, village, kind')
  sites(@Query() q: SiteListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.homeCare.sites(q, user);
  }

  @Get('care-sites/coverage')
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'Centres, stations and canteens per village' })
  @ApiOkResponse({ type: [VillageCoverage] })
  coverage(@CurrentUser() user: AuthenticatedUser) {
    return this.homeCare.coverage(user);
  }

  @Post('service-orders')
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Order a home service (meals, cleaning, medical help, safety check) for an elder' })
  @ApiCreatedResponse({ type: ServiceOrderResponse, description: 'The order; 400 names an unknown elder or site' })
  order(@Body() dto: OrderServiceDto, @CurrentUser() user: AuthenticatedUser) {
    return this.homeCare.order(dto, user);
  }

  @Post('service-orders/:orderId/delivery')
  @Roles('eldercare:clerk')
  @ApiOperation({ summary: 'Record the delivery of a service order' })
  @ApiCreatedResponse({
    type: DeliveryResponse,
    description: 'The delivered order; 409 when not open, 400 for a future date',
  })
  deliver(@Param('orderId') orderId: string, @Body() dto: RecordDeliveryDto, @CurrentUser() user: AuthenticatedUser) {
    return this.homeCare.deliver(orderId, dto, user);
  }
}
