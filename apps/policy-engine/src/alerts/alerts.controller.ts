import { ApiPageResponse, AuthenticatedUser, Clock, CurrentUser, ProblemException, Roles } from '@civic/platform';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALERT_READ_ROLES, ALERT_WORK_ROLES, readableDepartments, readRefusal, workRefusal } from './alert-access';
import { AssignAlertDto, ListAlertsQuery, RecordContactDto, ResolveAlertDto } from './alert.dto';
import { AlertDetailResponse, AlertMetricsResponse, AlertResponse } from './alert.responses';
import { AlertRow, AlertsService } from './alerts.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () => ProblemException.invalidField('id', 'isUuid', 'id must be a UUID'),
});

/** The alert as the API shows it. */
function view(a: AlertRow) {
  return {
    id: a.id,
    personRef: a.person_ref,
    householdId: a.household_id,
    ruleId: a.rule_id,
    ruleVersion: a.rule_version,
    department: a.department,
    programme: a.programme,
    town: a.town,
    priority: a.priority,
    status: a.status,
    dueDate: a.due_date,
    summary: a.summary,
    raisedAt: a.raised_at,
    assignedTo: a.assigned_to,
    assignedBy: a.assigned_by,
    assignedAt: a.assigned_at,
    contactedAt: a.contacted_at,
    contactedBy: a.contacted_by,
    resolvedAt: a.resolved_at,
    resolvedBy: a.resolved_by,
    outcome: a.outcome,
    caseId: a.case_id,
  };
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles(...ALERT_READ_ROLES)
  @ApiOperation({ summary: 'List the alerts the caller may see, by department, town, rule, person, status' })
  @ApiPageResponse(AlertResponse, 'A page of alerts the caller may see')
  async list(@Query() q: ListAlertsQuery, @CurrentUser() user: AuthenticatedUser) {
    const { items, total } = await this.alerts.list({
      department: q.department,
      departments: readableDepartments(user),
      town: q.town,
      towns: user.towns,
      ruleId: q.ruleId,
      personRef: q.personRef,
      householdId: q.householdId,
      status: q.status,
      overdue: q.overdue,
      today: this.clock.today(),
      limit: q.limit,
      offset: q.offset,
    });
    return { items: items.map(view), total, limit: q.limit, offset: q.offset };
  }

  @Get('metrics')
  @Roles(...ALERT_READ_ROLES)
  @ApiOperation({ summary: 'Open alerts by department, median hours to first contact, conversion rate' })
  @ApiOkResponse({ type: AlertMetricsResponse })
  metrics(@CurrentUser() user: AuthenticatedUser) {
    return this.alerts.metrics(readableDepartments(user));
  }

  @Get(':id')
  @Roles(...ALERT_READ_ROLES)
  @ApiOperation({ summary: 'One alert with its explanation (facts, parameters, date) and history' })
  @ApiOkResponse({ type: AlertDetailResponse })
  async detail(@Param('id', uuid) id: string, @CurrentUser() user: AuthenticatedUser) {
    const alert = await this.alerts.findOne(id);
    if (!alert) throw ProblemException.notFound('alert', id);
    const refusal = readRefusal(user, alert);
    if (refusal) throw ProblemException.forbidden(refusal);
    return {
      ...view(alert),
      explanation: alert.explanation,
      contactNote: alert.contact_note,
      resolutionNote: alert.resolution_note,
      history: await this.alerts.history(id),
    };
  }

  @Post(':id/assign')
  @HttpCode(200)
  @Roles(...ALERT_WORK_ROLES)
  @ApiOperation({ summary: 'Assign an open alert to a member of staff' })
  @ApiOkResponse({ type: AlertResponse, description: 'The alert after the step' })
  async assign(@Param('id', uuid) id: string, @Body() body: AssignAlertDto, @CurrentUser() user: AuthenticatedUser) {
    return view(
      await this.alerts.act(
        id,
        'assign',
        { userId: user.sub, mayAct: (a) => workRefusal(user, a) },
        { assignee: body.assignee, on: this.clock.today() },
      ),
    );
  }

  @Post(':id/contact')
  @HttpCode(200)
  @Roles(...ALERT_WORK_ROLES)
  @ApiOperation({ summary: 'Record the first contact with the person' })
  @ApiOkResponse({ type: AlertResponse, description: 'The alert after the step' })
  async contact(@Param('id', uuid) id: string, @Body() body: RecordContactDto, @CurrentUser() user: AuthenticatedUser) {
    return view(
      await this.alerts.act(
        id,
        'contact',
        { userId: user.sub, mayAct: (a) => workRefusal(user, a) },
        { note: body.note, on: this.clock.today() },
      ),
    );
  }

  @Post(':id/resolve')
  @HttpCode(200)
  @Roles(...ALERT_WORK_ROLES)
  @ApiOperation({ summary: 'Resolve the alert: enrolled, declined or not eligible' })
  @ApiOkResponse({ type: AlertResponse, description: 'The alert after the step' })
  async resolve(@Param('id', uuid) id: string, @Body() body: ResolveAlertDto, @CurrentUser() user: AuthenticatedUser) {
    return view(
      await this.alerts.act(
        id,
        'resolve',
        { userId: user.sub, mayAct: (a) => workRefusal(user, a) },
        { outcome: body.outcome, note: body.note, caseId: body.caseId, on: this.clock.today() },
      ),
    );
  }
}
