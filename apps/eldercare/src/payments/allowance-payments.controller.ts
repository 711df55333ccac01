import { IsMonth } from '@civic/contracts';
import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfirmRunDto, StartRunDto } from './payment-input.dto';
import { AllowancePaymentsService } from './allowance-payments.service';
import {
  RunConfirmationResponse,
  RunOutcomeResponse,
  RunReportResponse,
  StoredPaymentResponse,
} from '@civic/monthly-run';

const READERS = ['eldercare:viewer', 'eldercare:disburser', 'eldercare:supervisor', 'eldercare:approver'] as const;

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
  @Roles('eldercare:disburser')
  @ApiOperation({
    summary: 'Run (or complete) the month’s allowance payments; idempotent per elder, allowance and month',
  })
  @ApiOkResponse({
    type: RunOutcomeResponse,
    description: '{ runId, month, created, createdFen, skipped }; 403 for the granter of an allowance in force',
  })
  start(@Body() dto: StartRunDto, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.start(dto.month, user);
  }

  @Post('allowance-runs/:month/confirmation')
  @HttpCode(200)
  @Roles('eldercare:disburser')
  @ApiOperation({ summary: 'Confirm the bank transfer of the run’s issued payments' })
  @ApiOkResponse({ type: RunConfirmationResponse, description: '{ month, confirmed }; 404 without a run' })
  confirm(@Param() p: MonthParam, @Body() dto: ConfirmRunDto, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.confirm(p.month, dto.bankBatchRef, user);
  }

  @Get('allowance-runs/:month/report')
  @Roles(...READERS)
  @ApiOperation({ summary: 'The run’s count and total by allowance and town' })
  @ApiOkResponse({ type: RunReportResponse, description: 'Report; 404 without a run' })
  report(@Param() p: MonthParam, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.report(p.month, user);
  }

  @Get('elders/:elderId/payments')
  @Roles(...READERS, 'eldercare:clerk')
  @ApiOperation({ summary: 'The elder’s allowance payments' })
  @ApiOkResponse({ type: [StoredPaymentResponse], description: 'Payments by month; subjectId is the elder id' })
  forElder(@Param('elderId') elderId: string, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.forElder(elderId, user);
  }
}
