import { IsMonth } from '@civic/contracts';
import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CHILD_WELFARE_READERS } from '../persistence/roles';
import { AllowancePaymentsService } from './allowance-payments.service';
import { ConfirmRunDto, StartRunDto } from './payment-input.dto';
import {
  RunConfirmationResponse,
  RunOutcomeResponse,
  RunReportResponse,
  StoredPaymentResponse,
} from '@civic/monthly-run';

class MonthParam {
  @IsMonth() month: string;
}

@ApiTags('allowance payments')
@ApiBearerAuth()
@Controller()
export class AllowancePaymentsController {
  constructor(private readonly payments: AllowancePaymentsService) {}

  @Post('allowance-runs')
  @HttpCode(200)
  @Roles('child-welfare:disburser')
  @ApiOperation({ summary: 'Run (or complete) the month’s allowance payments; idempotent per child and month' })
  @ApiOkResponse({
    type: RunOutcomeResponse,
    description: '{ runId, month, created, createdFen, skipped }; 403 for the approver of an allowance in force',
  })
  start(@Body() dto: StartRunDto, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.start(dto.month, user);
  }

  @Post('allowance-runs/:month/confirmation')
  @HttpCode(200)
  @Roles('child-welfare:disburser')
  @ApiOperation({ summary: 'Confirm the bank transfer of the run’s issued payments' })
  @ApiOkResponse({
    type: RunConfirmationResponse,
    description: '{ month, confirmed }; 404 without a run; 403 for the approver of an allowance in force',
  })
  confirm(@Param() p: MonthParam, @Body() dto: ConfirmRunDto, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.confirm(p.month, dto.bankBatchRef, user);
  }

  @Get('allowance-runs/:month/report')
  @Roles(...CHILD_WELFARE_READERS, 'child-welfare:disburser')
  @ApiOperation({ summary: 'The run’s count and total by programme and town' })
  @ApiOkResponse({ type: RunReportResponse, description: 'Report; 404 without a run' })
  report(@Param() p: MonthParam, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.report(p.month, user);
  }

  @Get('children/:childId/payments')
  @Roles(...CHILD_WELFARE_READERS, 'child-welfare:disburser')
  @ApiOperation({ summary: 'The child’s allowance payments' })
  @ApiOkResponse({ type: [StoredPaymentResponse], description: 'Payments by month; subjectId is the child id' })
  forChild(@Param('childId') childId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.forChild(childId, user);
  }
}
