import { ApiPageResponse, AuthenticatedUser, Clock, CurrentUser, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApplyDto,
  CaseListQueryDto,
  FindingsDto,
  ObjectionDto,
  PayEmergencyDto,
  PubliciseDto,
  ReasonDto,
  RequiredReasonDto,
  ResolutionDto,
  StopDto,
} from './case-input.dto';
import { CaseRow, CasesService } from './cases.service';
import { CaseResponse, PaperworkScanResponse } from './case.responses';

const READERS = [
  'assistance:viewer',
  'assistance:clerk',
  'assistance:reviewer',
  'assistance:approver',
  'assistance:disburser',
  'assistance:supervisor',
] as const;

/** A case as the API shows it: state, amounts, and every decision with who, when and why. */
export function caseView(r: CaseRow) {
  const s = r.state;
  return {
    caseId: r.case_id,
    householdId: r.household_id,
    personRef: r.person_ref,
    programme: r.programme,
    town: r.town,
    status: r.status,
    monthlyAmountFen: r.monthly_amount_fen === null ? null : Number(r.monthly_amount_fen),
    effectiveFrom: r.effective_from,
    application: r.application,
    findings: s.findings,
    publicity: s.publicity,
    approvedOn: s.approvedOn,
    reverificationDueOn: s.reverificationDueOn,
    emergency: s.emergency,
    suspendedOn: s.suspendedOn,
    decisions: s.decisions.map((d) => ({
      command: d.command.type,
      from: d.from,
      to: d.to,
      who: d.who,
      duty: d.duty,
      when: d.when,
      why: d.why,
    })),
  };
}

// Each transition route names the role of its duty; the service then applies the separation of
// duties from the case's own decisions (403 with the reason) and the state guard (409).
@ApiTags('cases')
@ApiBearerAuth()
@Controller('cases')
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('assistance:clerk')
  @ApiCreatedResponse({ type: CaseResponse, description: 'The application; publishes assistance.case.applied' })
  @ApiOperation({ summary: 'Apply for assistance: opens a case' })
  async apply(@Body() dto: ApplyDto, @CurrentUser() user: AuthenticatedUser) {
    return caseView(await this.cases.apply(dto, user));
  }

  @Get()
  @Roles(...READERS)
  @ApiOperation({ summary: 'Cases in the caller’s towns' })
  @ApiPageResponse(CaseResponse, 'Paged; filter by town, programme, status, household, person, re-verification due')
  async list(@Query() q: CaseListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    const page = await this.cases.list(q, user);
    return { ...page, items: page.items.map(caseView) };
  }

  @Get(':caseId')
  @Roles(...READERS)
  @ApiOperation({ summary: 'One case with its findings, publicity and decisions' })
  @ApiOkResponse({ type: CaseResponse })
  async get(@Param('caseId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return caseView(await this.cases.get(id, user));
  }

  @Post(':caseId/accept')
  @HttpCode(200)
  @Roles('assistance:clerk')
  @ApiOperation({ summary: 'Accept the application' })
  @ApiOkResponse({ type: CaseResponse })
  accept(@Param('caseId') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'accept', ...reason(dto) }, user);
  }

  @Post(':caseId/start-investigation')
  @HttpCode(200)
  @Roles('assistance:clerk')
  @ApiOperation({ summary: 'Start the investigation' })
  @ApiOkResponse({ type: CaseResponse })
  startInvestigation(@Param('caseId') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'start-investigation', ...reason(dto) }, user);
  }

  @Post(':caseId/findings')
  @HttpCode(200)
  @Roles('assistance:clerk')
  @ApiOperation({ summary: 'Record the investigation findings' })
  @ApiOkResponse({ type: CaseResponse })
  findings(@Param('caseId') id: string, @Body() dto: FindingsDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(
      id,
      {
        type: 'record-findings',
        findings: { homeVisitOn: dto.homeVisitOn, financialCheckOn: dto.financialCheckOn, summary: dto.summary },
        ...reason(dto),
      },
      user,
    );
  }

  @Post(':caseId/review')
  @HttpCode(200)
  @Roles('assistance:reviewer')
  @ApiOperation({ summary: 'Review the case (not by its investigator)' })
  @ApiOkResponse({ type: CaseResponse })
  review(@Param('caseId') id: string, @Body() dto: RequiredReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'review', reason: dto.reason }, user);
  }

  @Post(':caseId/publicise')
  @HttpCode(200)
  @Roles('assistance:clerk')
  @ApiOkResponse({
    type: CaseResponse,
    description: 'The notice starts now (the server decides) and runs assistance.publicity.days',
  })
  @ApiOperation({ summary: 'Start the public notice' })
  publicise(@Param('caseId') id: string, @Body() dto: PubliciseDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'publicise', ...reason(dto) }, user);
  }

  @Post(':caseId/objections')
  @HttpCode(200)
  @Roles('assistance:clerk')
  @ApiOperation({ summary: 'Record an objection to the notice' })
  @ApiOkResponse({ type: CaseResponse })
  objection(@Param('caseId') id: string, @Body() dto: ObjectionDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(
      id,
      { type: 'record-objection', objectionId: dto.objectionId, text: dto.text, ...reason(dto) },
      user,
    );
  }

  @Post(':caseId/objections/:objectionId/resolution')
  @HttpCode(200)
  @Roles('assistance:clerk')
  @ApiOperation({ summary: 'Resolve an objection' })
  @ApiOkResponse({ type: CaseResponse })
  resolve(
    @Param('caseId') id: string,
    @Param('objectionId') objectionId: string,
    @Body() dto: ResolutionDto,
    @CurrentUser() user: AuthenticatedUser,
  ) {
    return this.act(id, { type: 'resolve-objection', objectionId, resolution: dto.resolution, ...reason(dto) }, user);
  }

  @Post(':caseId/approve')
  @HttpCode(200)
  @Roles('assistance:approver')
  @ApiOperation({ summary: 'Approve the case (not by its reviewer)' })
  @ApiOkResponse({ type: CaseResponse })
  approve(@Param('caseId') id: string, @Body() dto: RequiredReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'approve', reason: dto.reason }, user);
  }

  @Post(':caseId/reject')
  @HttpCode(200)
  @Roles('assistance:reviewer', 'assistance:approver')
  @ApiOperation({ summary: 'Reject the case' })
  @ApiOkResponse({ type: CaseResponse })
  reject(@Param('caseId') id: string, @Body() dto: RequiredReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'reject', reason: dto.reason }, user);
  }

  @Post(':caseId/activate')
  @HttpCode(200)
  @Roles('assistance:disburser')
  @ApiOperation({ summary: 'Activate payments (not by its reviewer or approver)' })
  @ApiOkResponse({ type: CaseResponse })
  activate(@Param('caseId') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'activate', ...reason(dto) }, user);
  }

  @Post(':caseId/suspend')
  @HttpCode(200)
  @Roles('assistance:clerk')
  @ApiOperation({ summary: 'Suspend the case' })
  @ApiOkResponse({ type: CaseResponse })
  suspend(@Param('caseId') id: string, @Body() dto: StopDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'suspend', reason: dto.reason }, user, { stop: { reasonCode: dto.reasonCode } });
  }

  @Post(':caseId/reinstate')
  @HttpCode(200)
  @Roles('assistance:clerk')
  @ApiOperation({ summary: 'Reinstate a suspended case' })
  @ApiOkResponse({ type: CaseResponse })
  reinstate(@Param('caseId') id: string, @Body() dto: RequiredReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'reinstate', reason: dto.reason }, user);
  }

  @Post(':caseId/terminate')
  @HttpCode(200)
  @Roles('assistance:clerk')
  @ApiOperation({ summary: 'Terminate the case' })
  @ApiOkResponse({ type: CaseResponse })
  terminate(@Param('caseId') id: string, @Body() dto: StopDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'terminate', reason: dto.reason }, user, { stop: { reasonCode: dto.reasonCode } });
  }

  @Post(':caseId/pay-emergency')
  @HttpCode(200)
  @Roles('assistance:disburser')
  @ApiOkResponse({
    type: CaseResponse,
    description: 'Emergency temporary assistance paid first; the paperwork deadline is set from the parameter',
  })
  @ApiOperation({ summary: 'Pay emergency temporary assistance first, paperwork later' })
  payEmergency(@Param('caseId') id: string, @Body() dto: PayEmergencyDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'pay-emergency', reason: dto.reason }, user, { fromReserveFund: dto.fromReserveFund });
  }

  @Post(':caseId/complete-paperwork')
  @HttpCode(200)
  @Roles('assistance:reviewer')
  @ApiOperation({ summary: 'Complete the paperwork of an emergency payment' })
  @ApiOkResponse({ type: CaseResponse })
  completePaperwork(@Param('caseId') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'complete-paperwork', ...reason(dto) }, user);
  }

  @Post('paperwork-overdue/scan')
  @HttpCode(200)
  @Roles('assistance:admin')
  @ApiOkResponse({
    type: PaperworkScanResponse,
    description:
      'Raises assistance.temporary-assistance.paperwork-overdue for each emergency case past its deadline (once each)',
  })
  @ApiOperation({ summary: 'Raise paperwork-overdue for emergency cases past their deadline' })
  async scanOverdue() {
    return { raised: await this.cases.raiseOverduePaperwork(this.clock.today()) };
  }

  private async act(
    id: string,
    command: Parameters<CasesService['decide']>[1],
    user: AuthenticatedUser,
    ctx: Parameters<CasesService['decide']>[3] = {},
  ) {
    return caseView(await this.cases.decide(id, command, user, ctx));
  }
}

function reason(dto: ReasonDto): { reason?: string } {
  return dto.reason ? { reason: dto.reason } : {};
}
