import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Controller, Get, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ELDER_READERS } from '../elders/elders.controller';
import { AllowancesService } from './allowances.service';
import { GrantResponse } from './grant.responses';

@ApiTags('allowances')
@ApiBearerAuth()
@Controller('elders/:elderId/allowances')
export class AllowancesController {
  constructor(private readonly allowances: AllowancesService) {}

  @Get()
  @Roles(...ELDER_READERS)
  @ApiOperation({ summary: 'The elder’s allowance grants, active and stopped' })
  @ApiOkResponse({ type: [GrantResponse], description: 'Grants with amount, effective date, parameter key and basis' })
  list(@Param('elderId') elderId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.allowances.list(elderId, user);
  }

  @Post('care-subsidy')
  @Roles('eldercare:approver')
  @ApiOperation({ summary: 'Enrol the elder in the care subsidy (amount from the dated parameters)' })
  @ApiCreatedResponse({ type: GrantResponse, description: 'The grant; 409 when not eligible or already enrolled' })
  enrolCareSubsidy(@Param('elderId') elderId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.allowances.enrolCareSubsidy(elderId, user);
  }
}
