// The assistance case state machine (docs/domain.md §1 Workflow): apply → accept (town) → home
// investigation and financial check → review (审核) → public notice (公示) → approve (审批) →
// disburse; suspension, reinstatement and termination afterwards. Emergency temporary assistance
// pays first and completes the paperwork later (plan 三（一）4: 急难型救助实行"先行救助"后补手续).
// Pure: the caller loads the case, calls transition(), and stores the returned state and decision
// in one transaction. Every rejected command names the state it met, so the HTTP layer can answer.
import type { ParameterSet, ParameterValue } from '@civic/policy-params';
import { addDays, addMonths, shanghaiDate } from '@civic/calendar';
import { checkDutySeparation, Duty, DutyConflict } from './duty-separation';

export type CaseStatus =
  | 'applied'
  | 'accepted'
  | 'investigating'
  | 'reviewed'
  | 'publicised'
  | 'approved'
  | 'rejected'
  | 'active'
  | 'suspended'
  | 'terminated'
  | 'active-emergency';

export type Role = 'caseworker' | 'reviewer' | 'approver' | 'disburser' | 'viewer';

export interface Actor {
  userId: string;
  roles: readonly Role[];
}

export interface Findings {
  homeVisitOn: string;
  financialCheckOn: string;
  summary: string;
}

export interface Objection {
  objectionId: string;
  text: string;
  recordedOn: string;
  resolution: string | null;
}

export type CaseCommand =
  | { type: 'accept'; reason?: string }
  | { type: 'start-investigation'; reason?: string }
  | { type: 'record-findings'; findings: Findings; reason?: string }
  | { type: 'review'; reason: string }
  // the notice starts when it is published (the decision's instant), never on a date the client names
  | { type: 'publicise'; reason?: string }
  | { type: 'record-objection'; objectionId: string; text: string; reason?: string }
  | { type: 'resolve-objection'; objectionId: string; resolution: string; reason?: string }
  | { type: 'approve'; reason: string }
  | { type: 'reject'; reason: string }
  | { type: 'activate'; reason?: string }
  | { type: 'suspend'; reason: string }
  | { type: 'reinstate'; reason: string }
  /** `deathEventId`: the hub death record that caused the termination, the only kind that can be reversed. */
  | { type: 'terminate'; reason: string; deathEventId?: string }
  /** The revocation of the death record `deathEventId` reverses the termination it caused (docs/adr/0009). */
  | { type: 'reverse-death-termination'; reason: string; deathEventId: string }
  | { type: 'pay-emergency'; reason: string }
  | { type: 'complete-paperwork'; reason?: string };

export type CommandType = CaseCommand['type'];

/** Who decided what, as which duty, when and why: the audit trail and the duty-separation input. */
export interface Decision {
  command: CaseCommand;
  from: CaseStatus;
  to: CaseStatus;
  who: string;
  duty: Duty;
  when: string;
  why: string;
}

export interface CaseState {
  caseId: string;
  programme: string;
  status: CaseStatus;
  findings: Findings | null;
  publicity: { startsOn: string; endsOn: string; objections: Objection[] } | null;
  approvedOn: string | null;
  reverificationDueOn: string | null;
  emergency: { paidOn: string; paperworkDueOn: string; paperworkCompletedOn: string | null } | null;
  suspendedOn: string | null;
  /** Set when a hub death record terminated the case; absent on cases stored before it existed. */
  terminatedByDeath?: { eventId: string; on: string } | null;
  decisions: Decision[];
}

/** The command is not allowed in the case's current state (HTTP layer: 409). */
export class IllegalTransition {
  readonly kind = 'illegal-transition';
  constructor(
    readonly currentState: CaseStatus,
    readonly attempted: CommandType,
    readonly reason?: string,
  ) {}
}

export type TransitionResult =
  | { ok: true; duplicate: false; state: CaseState; decision: Decision }
  | { ok: true; duplicate: true; state: CaseState; decision: null }
  | { ok: false; error: IllegalTransition | DutyConflict };

interface Rule {
  from: readonly CaseStatus[];
  to: CaseStatus | 'unchanged';
  duty: Duty;
}

// Rejection is a review decision while investigating (审核不通过) and an approval decision after
// the public notice (审批不通过); hence the two entries resolved by `ruleFor`.
const RULES: Record<Exclude<CommandType, 'reject'>, Rule> = {
  accept: { from: ['applied'], to: 'accepted', duty: 'intake' },
  'start-investigation': { from: ['accepted'], to: 'investigating', duty: 'intake' },
  'record-findings': { from: ['investigating'], to: 'unchanged', duty: 'intake' },
  review: { from: ['investigating'], to: 'reviewed', duty: 'review' },
  publicise: { from: ['reviewed'], to: 'publicised', duty: 'intake' },
  'record-objection': { from: ['publicised'], to: 'unchanged', duty: 'intake' },
  'resolve-objection': { from: ['publicised'], to: 'unchanged', duty: 'intake' },
  approve: { from: ['publicised'], to: 'approved', duty: 'approval' },
  activate: { from: ['approved'], to: 'active', duty: 'disbursement' },
  suspend: { from: ['active'], to: 'suspended', duty: 'case-management' },
  reinstate: { from: ['suspended'], to: 'active', duty: 'case-management' },
  terminate: { from: ['active', 'suspended', 'active-emergency'], to: 'terminated', duty: 'case-management' },
  // A termination is final, except one a death record caused when that record is revoked (apply() checks which).
  'reverse-death-termination': { from: ['terminated'], to: 'active', duty: 'case-management' },
  'pay-emergency': { from: ['applied'], to: 'active-emergency', duty: 'disbursement' },
  // Completing the paperwork is the review of what was paid in advance; the one who paid may not do it.
  'complete-paperwork': { from: ['active-emergency'], to: 'active', duty: 'review' },
};

const REJECT_AT_REVIEW: Rule = { from: ['investigating'], to: 'rejected', duty: 'review' };
const REJECT_AT_APPROVAL: Rule = { from: ['publicised'], to: 'rejected', duty: 'approval' };

/** The role an actor must hold to act as each duty (the case history decides separation, not roles). */
export const DUTY_ROLE: Record<Duty, Role> = {
  intake: 'caseworker',
  review: 'reviewer',
  approval: 'approver',
  disbursement: 'disburser',
  'case-management': 'caseworker',
};

// Only temporary assistance has the pay-first path (plan 三（一）4).
const EMERGENCY_PROGRAMME = 'temporary';

/** A new case as filed by the applicant. */
export function newCase(caseId: string, programme: string): CaseState {
  return {
    caseId,
    programme,
    status: 'applied',
    findings: null,
    publicity: null,
    approvedOn: null,
    reverificationDueOn: null,
    emergency: null,
    suspendedOn: null,
    decisions: [],
  };
}

/** Applies one command by `actor` at instant `at` (ISO 8601); returns the new state and its decision, or why not. */
export function transition(
  state: CaseState,
  command: CaseCommand,
  actor: Actor,
  at: string,
  params: ParameterSet,
): TransitionResult {
  if (isRedelivery(state, command, actor, at)) return { ok: true, duplicate: true, state, decision: null };

  const rule = ruleFor(command.type, state.status);
  if (!rule) return { ok: false, error: new IllegalTransition(state.status, command.type) };

  const role = DUTY_ROLE[rule.duty];
  if (!actor.roles.includes(role)) {
    return {
      ok: false,
      error: new DutyConflict(`user ${actor.userId} lacks role ${role} needed to act as ${rule.duty}`),
    };
  }
  const conflict = checkDutySeparation(state.decisions, actor.userId, rule.duty);
  if (conflict) return { ok: false, error: conflict };

  const today = shanghaiDate(at);
  const applied = apply(state, command, today, params);
  if (typeof applied === 'string')
    return { ok: false, error: new IllegalTransition(state.status, command.type, applied) };

  const to = rule.to === 'unchanged' ? state.status : rule.to;
  const decision: Decision = {
    command,
    from: state.status,
    to,
    who: actor.userId,
    duty: rule.duty,
    when: at,
    why: command.reason ?? command.type,
  };
  return {
    ok: true,
    duplicate: false,
    state: { ...applied, status: to, decisions: [...state.decisions, decision] },
    decision,
  };
}

/** True when an emergency case's paperwork deadline (paid date + paperwork_deadline_days) has passed on `date`. */
export function isPaperworkOverdue(state: CaseState, date: string): boolean {
  return state.status === 'active-emergency' && state.emergency !== null && date > state.emergency.paperworkDueOn;
}

/** A findings date the server refuses: the field, the rule broken, and why. */
export interface FindingsDateError {
  field: 'homeVisitOn' | 'financialCheckOn';
  rule: 'not-before-application' | 'not-in-future';
  message: string;
}

/**
 * The home visit and the financial check happen between the application and today (the clock's
 * date): a date before the application or after today is refused, so findings cannot be back-dated
 * around the workflow.
 */
export function findingsDateErrors(findings: Findings, appliedOn: string, today: string): FindingsDateError[] {
  const errors: FindingsDateError[] = [];
  for (const field of ['homeVisitOn', 'financialCheckOn'] as const) {
    const on = findings[field];
    if (on < appliedOn)
      errors.push({
        field,
        rule: 'not-before-application',
        message: `${field} ${on} is before the application on ${appliedOn}`,
      });
    else if (on > today)
      errors.push({ field, rule: 'not-in-future', message: `${field} ${on} is after today (${today})` });
  }
  return errors;
}

/** Re-verification is due `assistance.reverification.interval_months` after approval (docs/domain.md §1). */
export function reverificationDueOn(approvedOn: string, params: ParameterSet): string {
  return addMonths(approvedOn, count(params.valueAt('assistance.reverification.interval_months', approvedOn)));
}

function ruleFor(type: CommandType, status: CaseStatus): Rule | null {
  if (type === 'reject') {
    return [REJECT_AT_REVIEW, REJECT_AT_APPROVAL].find((r) => r.from.includes(status)) ?? null;
  }
  const rule = RULES[type];
  return rule.from.includes(status) ? rule : null;
}

// A message redelivered by the broker or a retried HTTP call repeats the last decision exactly
// (same command, actor and instant); it must change nothing and record nothing, or one decision
// delivered twice would be recorded (and announced) twice.
function isRedelivery(state: CaseState, command: CaseCommand, actor: Actor, at: string): boolean {
  const last = state.decisions.at(-1);
  return (
    last !== undefined &&
    last.who === actor.userId &&
    last.when === at &&
    last.to === state.status &&
    canonical(last.command) === canonical(command)
  );
}

// Returns the state with the command's data applied, or the reason a guard refused it.
function apply(state: CaseState, command: CaseCommand, today: string, params: ParameterSet): CaseState | string {
  switch (command.type) {
    case 'record-findings':
      return { ...state, findings: command.findings };
    case 'review':
      return state.findings ? state : 'findings of the home investigation and financial check are not recorded';
    case 'publicise': {
      const days = count(params.valueAt('assistance.publicity.days', today));
      return { ...state, publicity: { startsOn: today, endsOn: addDays(today, days), objections: [] } };
    }
    case 'record-objection': {
      const publicity = state.publicity!;
      if (publicity.objections.some((o) => o.objectionId === command.objectionId))
        return `objection ${command.objectionId} is already recorded`;
      const objection: Objection = {
        objectionId: command.objectionId,
        text: command.text,
        recordedOn: today,
        resolution: null,
      };
      return { ...state, publicity: { ...publicity, objections: [...publicity.objections, objection] } };
    }
    case 'resolve-objection': {
      const publicity = state.publicity!;
      const target = publicity.objections.find((o) => o.objectionId === command.objectionId);
      if (!target || target.resolution !== null) return `objection ${command.objectionId} is not open`;
      const objections = publicity.objections.map((o) => (o === target ? { ...o, resolution: command.resolution } : o));
      return { ...state, publicity: { ...publicity, objections } };
    }
    case 'approve': {
      const publicity = state.publicity!;
      // The notice runs for the full period: approval is possible from endsOn (start + days) on.
      if (today < publicity.endsOn) return `public notice runs until ${publicity.endsOn}`;
      if (publicity.objections.some((o) => o.resolution === null)) return 'public notice has unresolved objections';
      return { ...state, approvedOn: today, reverificationDueOn: reverificationDueOn(today, params) };
    }
    case 'suspend':
      return { ...state, suspendedOn: today };
    case 'reinstate':
      return { ...state, suspendedOn: null };
    case 'terminate':
      return command.deathEventId
        ? { ...state, terminatedByDeath: { eventId: command.deathEventId, on: today } }
        : state;
    case 'reverse-death-termination':
      if (state.terminatedByDeath?.eventId !== command.deathEventId)
        return 'the termination was not caused by the revoked death record and is final';
      return { ...state, suspendedOn: null, terminatedByDeath: null };
    case 'pay-emergency': {
      if (state.programme !== EMERGENCY_PROGRAMME)
        return `only ${EMERGENCY_PROGRAMME} assistance may be paid before review`;
      const days = count(params.valueAt('assistance.temporary.paperwork_deadline_days', today));
      return {
        ...state,
        emergency: { paidOn: today, paperworkDueOn: addDays(today, days), paperworkCompletedOn: null },
      };
    }
    case 'complete-paperwork':
      return { ...state, emergency: { ...state.emergency!, paperworkCompletedOn: today } };
    default:
      return state;
  }
}

function count(p: ParameterValue): number {
  if (typeof p.value !== 'number' || !Number.isInteger(p.value))
    throw new TypeError(`parameter ${p.key} must be an integer count, got ${p.value}`);
  return p.value;
}

// Key order in a command object must not matter when comparing a redelivery.
function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}
