import {
  CaseAppliedV1,
  CaseFacts,
  createEvent,
  EventOrigin,
  Programme,
  TemporaryAssistancePaperworkOverdueV1,
} from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException } from '@civic/platform';
import { ParameterLookupError, ParameterSet } from '@civic/policy-params';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { HouseholdsService } from '../households/households.service';
import { meansTest } from '../means-test/means-test';
import { TemporaryRequest } from '../means-test/temporary-assistance';
import { ParametersService } from '../parameters/parameters.service';
import { CaseAmounts } from '../payments/case-amounts';
import { MonthlyProgramme, monthlyAmount } from '../payments/payment-amount';
import { MONTHLY_PROGRAMMES } from '../payments/payment-run';
import { assertInArea } from '../persistence/area';
import { ASSISTANCE_SOURCE, requestOrigin } from '../persistence/event-origin';
import { addMonths, daysBetween, shanghaiDate } from '@civic/calendar';
import { caseEvents, DecisionExtras } from './case-events';
import { CaseListQueryDto, ApplyDto } from './case-input.dto';
import {
  Actor,
  CaseCommand,
  CaseState,
  Decision,
  findingsDateErrors,
  IllegalTransition,
  newCase,
  Role,
  transition,
} from './case-workflow';
import { DutyConflict } from './duty-separation';

/** What the applicant asked for beside the programme. */
export interface Application {
  channel: string;
  alertId?: string;
  temporary?: TemporaryRequest;
  emergencyPaidFen?: number;
  /** The day the application was filed (the clock's date); findings may not be dated before it. */
  appliedOn?: string;
}

export interface CaseRow {
  case_id: string;
  household_id: string;
  person_ref: string;
  programme: Programme;
  town: string;
  status: string;
  state: CaseState;
  application: Application;
  monthly_amount_fen: string | null;
  effective_from: string | null;
  created_on: string;
}

/** How a decision came about besides the command: who is asking, and why when the system acts. */
export interface DecisionContext {
  origin: EventOrigin;
  user?: AuthenticatedUser;
  stop?: DecisionExtras['stop'];
  causeEventId?: string;
  fromReserveFund?: boolean;
  /** The instant of the decision; default the clock's now. */
  at?: string;
}

export type DecideResult =
  { ok: true; row: CaseRow; decision: Decision | null } | { ok: false; error: IllegalTransition | DutyConflict };

// Platform roles (department:duty, from the JWT) to the workflow's roles. The workflow then checks
// the duty-separation rule against the case's own decisions, whatever roles the token holds.
const WORKFLOW_ROLES: Record<string, Role> = {
  'assistance:clerk': 'caseworker',
  'assistance:reviewer': 'reviewer',
  'assistance:approver': 'approver',
  'assistance:disburser': 'disburser',
  'assistance:viewer': 'viewer',
};

/** The acting user as the workflow sees them. */
export function actorOf(user: AuthenticatedUser): Actor {
  return {
    userId: user.sub,
    roles: user.roles.map((r) => WORKFLOW_ROLES[r]).filter((r): r is Role => r !== undefined),
  };
}

const CASE_COLUMNS = `case_id, household_id, person_ref, programme, town, status, state, application, monthly_amount_fen, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, to_char(created_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS created_on`;

/**
 * Assistance cases and their workflow (docs/domain.md §1 Workflow). The pure `transition` decides;
 * this service loads the case under a row lock, stores state and decision, and appends the events,
 * all in one transaction, so two concurrent decisions cannot both pass the duty-separation check.
 */
@Injectable()
export class CasesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly households: HouseholdsService,
    private readonly parameters: ParametersService,
    private readonly amounts: CaseAmounts,
    private readonly clock: Clock,
  ) {}

  async apply(dto: ApplyDto, user: AuthenticatedUser): Promise<CaseRow> {
    if (dto.programme === 'temporary' && !dto.temporary)
      throw ProblemException.invalidField(
        'temporary',
        'required-for-temporary',
        'temporary assistance needs the request: type and requestedFen',
      );
    if (dto.programme !== 'temporary' && dto.temporary)
      throw ProblemException.invalidField(
        'temporary',
        'only-for-temporary',
        'a temporary-assistance request belongs to a temporary-assistance case',
      );
    return this.dataSource.transaction(async (m) => {
      const h = await this.households.load(m, dto.householdId);
      assertInArea(user, h.town, `household ${h.householdId}`);
      if (h.status !== 'active')
        throw ProblemException.conflict(`household ${h.householdId} is ${h.status}`, { currentState: h.status });
      const applicant = h.snapshot.members.find((x) => x.relation === 'applicant')!;
      const beneficiary = dto.beneficiaryRef ?? applicant.personRef;
      if (!h.snapshot.members.some((x) => x.personRef === beneficiary))
        throw ProblemException.invalidField(
          'beneficiaryRef',
          'household-member',
          `beneficiaryRef is not a member of household ${h.householdId}`,
        );
      const caseId = `case-${randomUUID()}`;
      const state = newCase(caseId, dto.programme);
      const appliedOn = this.clock.today();
      const application: Application = {
        channel: dto.channel ?? 'counter',
        appliedOn,
        ...(dto.alertId ? { alertId: dto.alertId } : {}),
        ...(dto.temporary ? { temporary: { type: dto.temporary.type, requestedFen: dto.temporary.requestedFen } } : {}),
      };
      await m.query(
        `INSERT INTO assistance_case (case_id, household_id, person_ref, programme, town, status, state, application) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [caseId, h.householdId, beneficiary, dto.programme, h.town, state.status, state, application],
      );
      const facts: CaseFacts = {
        caseId,
        householdId: h.householdId,
        personRef: beneficiary,
        programme: dto.programme,
        town: h.town,
      };
      await this.outbox.append(
        m,
        createEvent(
          CaseAppliedV1,
          {
            ...facts,
            appliedOn,
            channel: application.channel as 'counter',
            ...(dto.alertId ? { alertId: dto.alertId } : {}),
          },
          requestOrigin(caseId),
        ),
      );
      return this.load(m, caseId);
    });
  }

  async get(caseId: string, user: AuthenticatedUser): Promise<CaseRow> {
    const row = await this.load(this.dataSource.manager, caseId);
    assertInArea(user, row.town, `case ${caseId}`);
    return row;
  }

  list(q: CaseListQueryDto, user: AuthenticatedUser): Promise<Page<CaseRow>> {
    const f = new Filters()
      .eq('town', q.town)
      .eq('programme', q.programme)
      .eq('status', q.status)
      .eq('household_id', q.householdId)
      .eq('person_ref', q.personRef)
      .cond((p) => `(state->>'reverificationDueOn') <= ${p}`, q.reverificationDueBy)
      .towns('town', user);
    return pageOf<CaseRow, CaseRow>(
      this.dataSource.manager,
      CASE_COLUMNS,
      'assistance_case',
      f,
      'created_at, case_id',
      q,
      (r) => r,
    );
  }

  /** One command from an HTTP caller: 409 with the current state when illegal, 403 with the reason on a duty conflict. */
  async decide(
    caseId: string,
    command: CaseCommand,
    user: AuthenticatedUser,
    ctx: Omit<DecisionContext, 'origin' | 'user'> = {},
  ): Promise<CaseRow> {
    return this.dataSource.transaction(async (m) => {
      const result = await this.decideIn(m, caseId, command, actorOf(user), {
        ...ctx,
        user,
        origin: requestOrigin(caseId),
      });
      if (result.ok) return result.row;
      const e = result.error;
      if (e instanceof DutyConflict) throw ProblemException.forbidden(e.reason, { rule: 'separation-of-duties' });
      throw ProblemException.conflict(
        `cannot ${e.attempted} a case in state ${e.currentState}${e.reason ? `: ${e.reason}` : ''}`,
        { currentState: e.currentState, attempted: e.attempted },
      );
    });
  }

  /** Applies a command inside the caller's transaction (HTTP or inbox): state, decision and events commit together. */
  async decideIn(
    m: EntityManager,
    caseId: string,
    command: CaseCommand,
    actor: Actor,
    ctx: DecisionContext,
  ): Promise<DecideResult> {
    const row = await this.load(m, caseId, true);
    if (ctx.user) assertInArea(ctx.user, row.town, `case ${caseId}`);
    const params = await this.parameters.current(m);
    const at = ctx.at ?? this.clock.nowIso();
    if (command.type === 'record-findings') {
      // older rows have no appliedOn: their case's creation day stands in
      const appliedOn = row.application.appliedOn ?? row.created_on;
      const errors = findingsDateErrors(command.findings, appliedOn, shanghaiDate(at));
      if (errors.length) throw ProblemException.validation(errors);
    }
    const result = transition(row.state, command, actor, at, params);
    if (!result.ok) return result;
    if (result.duplicate) return { ok: true, row, decision: null };
    const { state, decision } = result;

    const extras = await this.extrasFor(m, row, state, decision, params, ctx);
    await m.query(
      `UPDATE assistance_case SET status = $2, state = $3, updated_at = now(),
         monthly_amount_fen = COALESCE($4, monthly_amount_fen), effective_from = COALESCE($5, effective_from),
         paperwork_due_on = COALESCE($6, paperwork_due_on), application = $7
       WHERE case_id = $1`,
      [
        caseId,
        state.status,
        state,
        command.type === 'approve' ? (extras.monthlyAmountFen ?? 0) : null,
        command.type === 'approve' ? extras.effectiveFrom : null,
        command.type === 'pay-emergency' ? state.emergency!.paperworkDueOn : null,
        command.type === 'pay-emergency'
          ? { ...row.application, emergencyPaidFen: extras.temporary!.amountFen }
          : row.application,
      ],
    );
    // the amount the run pays is decided here, not in the run (docs/adr/0015-decided-case-amounts.md):
    // from the first paid month on approval; again from the case's start when it comes back to
    // payment (household changes while it was terminated were not decided for it)
    if (command.type === 'approve' && extras.effectiveFrom)
      await this.amounts.forCase(m, caseId, extras.effectiveFrom, 'approval');
    if (command.type === 'reinstate' || command.type === 'reverse-death-termination')
      await this.amounts.forCase(m, caseId, row.effective_from ?? '0001-01-01', command.type);
    await m.query(
      `INSERT INTO case_decision (case_id, seq, command, from_status, to_status, who, duty, decided_at, why) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        caseId,
        state.decisions.length,
        command.type,
        decision.from,
        decision.to,
        decision.who,
        decision.duty,
        decision.when,
        decision.why,
      ],
    );
    const facts: CaseFacts = {
      caseId,
      householdId: row.household_id,
      personRef: row.person_ref,
      programme: row.programme,
      town: row.town,
    };
    const events = caseEvents(facts, state, decision, extras, ctx.origin);
    if (events.length) await this.outbox.appendAll(m, events);
    return { ok: true, row: await this.load(m, caseId), decision };
  }

  /**
   * Emergency payments whose paperwork deadline has passed (plan 三（一）4 "先行救助" with a
   * deadline): each raises assistance.temporary-assistance.paperwork-overdue once.
   */
  async raiseOverduePaperwork(today: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: (CaseRow & { paperwork_due_on: string })[] = await m.query(
        `SELECT ${CASE_COLUMNS}, to_char(paperwork_due_on, 'YYYY-MM-DD') AS paperwork_due_on FROM assistance_case
          WHERE status = 'active-emergency' AND paperwork_overdue_raised_on IS NULL AND paperwork_due_on < $1
          ORDER BY case_id FOR UPDATE SKIP LOCKED`,
        [today],
      );
      for (const r of rows) {
        const daysOverdue = daysBetween(r.paperwork_due_on, today);
        await this.outbox.append(
          m,
          createEvent(
            TemporaryAssistancePaperworkOverdueV1,
            {
              grantId: r.case_id,
              personRef: r.person_ref,
              town: r.town,
              amountFen: r.application.emergencyPaidFen ?? 0,
              paidOn: r.state.emergency!.paidOn,
              paperworkDueDate: r.paperwork_due_on,
              daysOverdue,
            },
            { source: ASSISTANCE_SOURCE },
          ),
        );
        await m.query(`UPDATE assistance_case SET paperwork_overdue_raised_on = $2 WHERE case_id = $1`, [
          r.case_id,
          today,
        ]);
      }
      return rows.length;
    });
  }

  async load(m: EntityManager, caseId: string, lock = false): Promise<CaseRow> {
    const [row] = await m.query(
      `SELECT ${CASE_COLUMNS} FROM assistance_case WHERE case_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [caseId],
    );
    if (!row) throw ProblemException.notFound('case', caseId);
    return row;
  }

  // Amounts the events carry: a monthly programme's amount from the parameters in force on the
  // 1st of the first month paid (the month after the decision), as the payment run will compute it.
  private async extrasFor(
    m: EntityManager,
    row: CaseRow,
    state: CaseState,
    decision: Decision,
    params: ParameterSet,
    ctx: DecisionContext,
  ): Promise<DecisionExtras> {
    const type = decision.command.type;
    const base: DecisionExtras = { stop: ctx.stop, causeEventId: ctx.causeEventId };
    if (type !== 'review' && type !== 'approve' && type !== 'pay-emergency') return base;
    const household = (await this.households.load(m, row.household_id)).snapshot;
    const on = shanghaiDate(decision.when);
    try {
      if (type === 'pay-emergency') {
        if (row.application.temporary?.type !== 'emergency')
          throw ProblemException.conflict('only an emergency-type request is paid before review', {
            currentState: row.status,
          });
        const t = meansTest(household, on, params, { temporary: row.application.temporary }).programmes.temporary;
        return {
          ...base,
          temporary: { amountFen: t.amount?.fen ?? 0, kind: t.kind, fromReserveFund: ctx.fromReserveFund ?? false },
        };
      }
      const effectiveFrom = addMonths(on, 1).slice(0, 7) + '-01';
      if ((MONTHLY_PROGRAMMES as readonly string[]).includes(row.programme)) {
        const owed = monthlyAmount(
          {
            caseId: row.case_id,
            programme: row.programme as MonthlyProgramme,
            household,
            beneficiaryRef: row.person_ref,
            deathDate: null,
          },
          effectiveFrom.slice(0, 7),
          params,
        );
        return { ...base, monthlyAmountFen: owed.amountFen, effectiveFrom };
      }
      if (row.programme === 'temporary' && row.application.temporary) {
        const t = meansTest(household, on, params, { temporary: row.application.temporary }).programmes.temporary;
        return { ...base, monthlyAmountFen: t.amount?.fen ?? 0, effectiveFrom: on };
      }
      return { ...base, monthlyAmountFen: 0, effectiveFrom };
    } catch (e) {
      if (e instanceof ParameterLookupError && e.reason === 'no-value-yet')
        throw ProblemException.conflict(e.message, { currentState: row.status });
      if (e instanceof RangeError) throw ProblemException.conflict(e.message, { currentState: row.status });
      throw e;
    }
  }
}
