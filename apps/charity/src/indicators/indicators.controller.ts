import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { assertInArea } from '../persistence/area';
import { CHARITY_READERS } from '../persistence/roles';
import { IndicatorQueryDto } from './indicator-query.dto';
import { IndicatorsService } from './indicators.service';
import { CharityIndicatorsResponse } from './charity-indicators.responses';

@ApiTags('indicators')
@ApiBearerAuth()
@Controller('indicators')
export class IndicatorsController {
  constructor(private readonly indicators: IndicatorsService) {}

  @Get()
  @Roles(...CHARITY_READERS)
  @ApiOperation({ summary: 'Charity indicators today: trusts, volunteer-station coverage, lottery outlets' })
  @ApiOkResponse({
    type: CharityIndicatorsResponse,
    description:
      '专栏1 indicators 12-14 today: charity trusts, volunteer-station coverage against its dated target, lottery outlets',
  })
  current(@Query() q: IndicatorQueryDto, @CurrentUser() user: AuthenticatedUser) {
    if (q.town) assertInArea(user, q.town, 'the indicators');
    return this.indicators.current(q.town);
  }
}
