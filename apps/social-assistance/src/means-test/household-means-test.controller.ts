import { AuthenticatedUser, Clock, CurrentUser, ProblemException, Roles } from '@civic/platform';
import { ParameterLookupError } from '@civic/policy-params';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { HOUSEHOLD_READERS } from '../households/households.controller';
import { HouseholdsService } from '../households/households.service';
import { dateOrToday, ParametersService } from '../parameters/parameters.service';
import { meansTest, MeansTestResult } from './means-test';
import { MeansTestResponse } from './means-test.responses';

// The means test of a stored household. It lives beside the means test rather than in households/
// so that households/ never imports means-test/: the means test reads the household model, and
// folders that import each other cannot be read or changed one at a time.
@ApiTags('households')
@ApiBearerAuth()
@Controller('households')
export class HouseholdMeansTestController {
  constructor(
    private readonly households: HouseholdsService,
    private readonly parameters: ParametersService,
    private readonly clock: Clock,
  ) {}

  @Get(':householdId/means-test')
  @Roles(...HOUSEHOLD_READERS)
  @ApiQuery({ name: 'date', required: false })
  @ApiOkResponse({
    type: MeansTestResponse,
    description: 'The means test of the stored household on the date, with the parameters in force then',
  })
  @ApiOperation({ summary: 'The means test of a stored household on a date' })
  async assess(
    @Param('householdId') id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Query('date') date?: string,
  ): Promise<MeansTestResult> {
    const on = dateOrToday(date, this.clock.today());
    const h = await this.households.get(id, user);
    try {
      return meansTest(h.snapshot, on, await this.parameters.current());
    } catch (e) {
      if (e instanceof ParameterLookupError && e.reason === 'no-value-yet')
        throw ProblemException.invalidField('date', 'parameter-in-force', e.message);
      throw e;
    }
  }
}
