import { ApiPageResponse, AuthenticatedUser, CurrentUser, ProblemException, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ConfirmRunDto, PaymentListQueryDto, RunListQueryDto, StartRunDto } from './payment-input.dto';
import { PaymentRow, PaymentsService } from './payments.service';
import { RunConfirmationResponse, RunOutcomeResponse, RunReportResponse } from '@civic/monthly-run';
import { PaymentResponse, PaymentRunRowResponse } from './payment.responses';

const READERS = ['assistance:viewer', 'assistance:disburser', 'assistance:approver', 'assistance:supervisor'] as const;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function paymentView(p: PaymentRow) {
  return {
    paymentId: p.payment_id,
    runId: p.run_id,
    caseId: p.case_id,
    month: p.month,
    personRef: p.person_ref,
    programme: p.programme,
    town: p.town,
    amountFen: Number(p.amount_fen),
    kind: p.kind,
    status: p.status,
    issuedOn: p.issued_on,
    issuedBy: p.issued_by,
    confirmedOn: p.confirmed_on,
    stoppedOn: p.stopped_on,
    stopReason: p.stop_reason,
    flaggedAfterDeath: p.flagged_after_death,
  };
}

function month(value: string): string {
  if (!MONTH.test(value)) throw ProblemException.invalidField('month', 'matches', 'month must be a month YYYY-MM');
  return value;
}

@ApiTags('payments')
@ApiBearerAuth()
@Controller()
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  @Post('payment-runs')
  @HttpCode(200)
  @Roles('assistance:disburser')
  @ApiOkResponse({
    type: RunOutcomeResponse,
    description:
      'Creates the month’s payments that do not exist yet (idempotent); publishes assistance.payment.issued per payment',
  })
  @ApiOperation({ summary: 'Run the month’s payments (idempotent)' })
  start(@Body() dto: StartRunDto, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.start(dto.month, user);
  }

  @Get('payment-runs')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Payment runs, newest month first' })
  @ApiPageResponse(PaymentRunRowResponse)
  runs(@Query() q: RunListQueryDto) {
    return this.payments.runs(q);
  }

  @Get('payment-runs/:month/report')
  @Roles(...READERS)
  @ApiOkResponse({ type: RunReportResponse, description: 'count, total, by programme, by town' })
  @ApiOperation({ summary: 'The run’s count and total by programme and town' })
  report(@Param('month') m: string, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.report(month(m), user);
  }

  @Post('payment-runs/:month/confirmation')
  @HttpCode(200)
  @Roles('assistance:disburser')
  @ApiOkResponse({
    type: RunConfirmationResponse,
    description: 'A disburser who neither reviewed nor approved any of the cases confirms the transfer',
  })
  @ApiOperation({ summary: 'Confirm the bank transfer of the run’s issued payments' })
  confirm(@Param('month') m: string, @Body() dto: ConfirmRunDto, @CurrentUser() user: AuthenticatedUser) {
    return this.payments.confirm(month(m), dto.bankBatchRef, user);
  }

  @Get('payments')
  @Roles(...READERS)
  @ApiOperation({ summary: 'Payments in the caller’s towns' })
  @ApiPageResponse(
    PaymentResponse,
    'Paged; filter by month, town, programme, status, case, person, flagged after death',
  )
  async list(@Query() q: PaymentListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    const page = await this.payments.list(q, user);
    return { ...page, items: page.items.map(paymentView) };
  }
}
