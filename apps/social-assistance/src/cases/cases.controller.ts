import { AuthenticatedUser, CurrentUser, Roles } from '@civic/platform';
import { todayInShanghai } from '@civic/calendar';
import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
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
  constructor(private readonly cases: CasesService) {}

  @Post()
  @Roles('assistance:clerk')
  @ApiCreatedResponse({ description: 'The application; publishes assistance.case.applied' })
  async apply(@Body() dto: ApplyDto, @CurrentUser() user: AuthenticatedUser) {
    return caseView(await this.cases.apply(dto, user));
  }

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ description: 'Paged; filter by town, programme, status, household, person, re-verification due' })
  async list(@Query() q: CaseListQueryDto, @CurrentUser() user: AuthenticatedUser) {
    const page = await this.cases.list(q, user);
    return { ...page, items: page.items.map(caseView) };
  }

  @Get(':caseId')
  @Roles(...READERS)
  async get(@Param('caseId') id: string, @CurrentUser() user: AuthenticatedUser) {
    return caseView(await this.cases.get(id, user));
  }

  @Post(':caseId/accept')
  @HttpCode(200)
  @Roles('assistance:clerk')
  accept(@Param('caseId') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'accept', ...reason(dto) }, user);
  }

  @Post(':caseId/start-investigation')
  @HttpCode(200)
  @Roles('assistance:clerk')
  startInvestigation(@Param('caseId') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'start-investigation', ...reason(dto) }, user);
  }

  @Post(':caseId/findings')
  @HttpCode(200)
  @Roles('assistance:clerk')
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
  review(@Param('caseId') id: string, @Body() dto: RequiredReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'review', reason: dto.reason }, user);
  }

  @Post(':caseId/publicise')
  @HttpCode(200)
  @Roles('assistance:clerk')
  publicise(@Param('caseId') id: string, @Body() dto: PubliciseDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'publicise', startsOn: dto.startsOn, ...reason(dto) }, user);
  }

  @Post(':caseId/objections')
  @HttpCode(200)
  @Roles('assistance:clerk')
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
  approve(@Param('caseId') id: string, @Body() dto: RequiredReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'approve', reason: dto.reason }, user);
  }

  @Post(':caseId/reject')
  @HttpCode(200)
  @Roles('assistance:reviewer', 'assistance:approver')
  reject(@Param('caseId') id: string, @Body() dto: RequiredReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'reject', reason: dto.reason }, user);
  }

  @Post(':caseId/activate')
  @HttpCode(200)
  @Roles('assistance:disburser')
  activate(@Param('caseId') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'activate', ...reason(dto) }, user);
  }

  @Post(':caseId/suspend')
  @HttpCode(200)
  @Roles('assistance:clerk')
  suspend(@Param('caseId') id: string, @Body() dto: StopDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'suspend', reason: dto.reason }, user, { stop: { reasonCode: dto.reasonCode } });
  }

  @Post(':caseId/reinstate')
  @HttpCode(200)
  @Roles('assistance:clerk')
  reinstate(@Param('caseId') id: string, @Body() dto: RequiredReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'reinstate', reason: dto.reason }, user);
  }

  @Post(':caseId/terminate')
  @HttpCode(200)
  @Roles('assistance:clerk')
  terminate(@Param('caseId') id: string, @Body() dto: StopDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'terminate', reason: dto.reason }, user, { stop: { reasonCode: dto.reasonCode } });
  }

  @Post(':caseId/pay-emergency')
  @HttpCode(200)
  @Roles('assistance:disburser')
  @ApiOkResponse({
    description: 'Emergency temporary assistance paid first; the paperwork deadline is set from the parameter',
  })
  payEmergency(@Param('caseId') id: string, @Body() dto: PayEmergencyDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'pay-emergency', reason: dto.reason }, user, { fromReserveFund: dto.fromReserveFund });
  }

  @Post(':caseId/complete-paperwork')
  @HttpCode(200)
  @Roles('assistance:reviewer')
  completePaperwork(@Param('caseId') id: string, @Body() dto: ReasonDto, @CurrentUser() user: AuthenticatedUser) {
    return this.act(id, { type: 'complete-paperwork', ...reason(dto) }, user);
  }

  @Post('paperwork-overdue/scan')
  @HttpCode(200)
  @Roles('assistance:admin')
  @ApiOkResponse({
    description:
      'Raises assistance.temporary-assistance.paperwork-overdue for each emergency case past its deadline (once each)',
  })
  async scanOverdue() {
    return { raised: await this.cases.raiseOverduePaperwork(todayInShanghai()) };
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
