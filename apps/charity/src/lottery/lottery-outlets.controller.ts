import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { LotteryOutletsService } from './lottery-outlets.service';
import { CloseOutletDto, OpenOutletDto } from './outlet-input.dto';
import { ClosedOutletResponse, OutletResponse } from './outlet.responses';

@ApiTags('welfare-lottery outlets')
@ApiBearerAuth()
@Controller('lottery-outlets')
export class LotteryOutletsController {
  constructor(private readonly outlets: LotteryOutletsService) {}

  @Post()
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Open a welfare-lottery outlet' })
  @ApiCreatedResponse({ type: OutletResponse, description: 'A welfare-lottery outlet (福利彩票销售网点) opened' })
  open(@Body() dto: OpenOutletDto, @CurrentUser() user: AuthenticatedUser) {
    return this.outlets.open(dto, user);
  }

  @Post(':outletId/close')
  @HttpCode(200)
  @Roles('charity:clerk')
  @ApiOperation({ summary: 'Close a welfare-lottery outlet' })
  @ApiOkResponse({ type: ClosedOutletResponse, description: 'Closed on the date; 409 when already closed' })
  close(@Param('outletId') id: string, @Body() dto: CloseOutletDto, @CurrentUser() user: AuthenticatedUser) {
    return this.outlets.close(id, dto, user);
  }
}
