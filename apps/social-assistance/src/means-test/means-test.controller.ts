import { ProblemException, Roles } from '@civic/platform';
import { ParameterLookupError } from '@civic/policy-params';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Household } from '../households/household.model';
import { ParametersService } from '../parameters/parameters.service';
import { meansTest } from './means-test';
import { MeansTestPreviewDto } from './means-test-preview.dto';
import { MeansTestResponse } from './means-test.responses';

const NO_SPENDING = { medical: 0, education: 0, rehabilitation: 0, disaster: 0, accident: 0 };

/** The means test on a snapshot sent in the request: nothing is stored, no event. */
@ApiTags('means-test')
@ApiBearerAuth()
@Controller('means-test')
export class MeansTestController {
  constructor(private readonly parameters: ParametersService) {}

  @Post()
  @HttpCode(200)
  @Roles('assistance:viewer', 'assistance:clerk', 'assistance:reviewer', 'assistance:approver')
  @ApiOkResponse({
    type: MeansTestResponse,
    description:
      'Per-capita monthly income, asset check, and per programme: eligible, amount and reasons (parameter, value, date)',
  })
  @ApiOperation({ summary: 'Preview the means test of a household described in the body (nothing stored)' })
  async preview(@Body() dto: MeansTestPreviewDto) {
    const h = dto.household;
    const labels = new Set<string>();
    h.members.forEach((m, i) => {
      if (labels.has(m.personRef))
        throw ProblemException.invalidField(
          `household.members[${i}].personRef`,
          'unique-in-household',
          'member labels must be unique',
        );
      labels.add(m.personRef);
    });
    h.incomes.forEach((l, i) => {
      if (!labels.has(l.personRef))
        throw ProblemException.invalidField(
          `household.incomes[${i}].personRef`,
          'household-member',
          `household.incomes[${i}].personRef names no member`,
        );
    });
    const household: Household = {
      householdId: 'preview',
      standardArea: h.standardArea,
      members: h.members.map((m) => ({ ...m, disabilityLevel: m.disabilityLevel ?? null })),
      incomes: h.incomes,
      assets: h.assets,
      rigidExpenditure: h.rigidExpenditure ?? NO_SPENDING,
    };
    try {
      return meansTest(household, dto.date, await this.parameters.current(), { temporary: dto.temporary });
    } catch (e) {
      // a date before the first dibao standard is a request the rules cannot answer, not a server fault
      if (e instanceof ParameterLookupError && e.reason === 'no-value-yet')
        throw ProblemException.invalidField('date', 'parameter-in-force', e.message);
      throw e;
    }
  }
}
