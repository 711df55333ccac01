import { AlertRaisedV1, AlertResolvedV1, createEvent, EventOrigin } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Decision, Rule } from '../rules/rule';
import { AlertAction, AlertStatus, nextStatus, OPEN_STATUSES, resolvedOutcome, StaffOutcome } from './alert-lifecycle';

/** An alert as stored and as the API returns it. */
export interface AlertRow {
  id: string;
  person_ref: string;
  household_id: string | null;
  rule_id: string;
  rule_version: number;
  department: string;
  programme: string | null;
  town: string;
  priority: string;
  status: AlertStatus;
  due_date: string;
  summary: string;
  explanation: { date: string; facts: unknown[]; parameters: unknown[] };
  cause_event_id: string | null;
  raised_at: Date;
  assigned_to: string | null;
  assigned_by: string | null;
  assigned_at: Date | null;
  contacted_at: Date | null;
  contacted_by: string | null;
  contact_note: string | null;
  resolved_at: Date | null;
  resolved_by: string | null;
  outcome: string | null;
  resolution_note: string | null;
  case_id: string | null;
}

export interface AlertFilter {
  department?: string;
  departments?: string[];
  town?: string;
  towns?: string[];
  ruleId?: string;
  status?: string;
  overdue?: boolean;
  today: string;
  limit: number;
  offset: number;
}

const OPEN_SQL = `(${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;
const SELECT = `SELECT *, to_char(due_date, 'YYYY-MM-DD') AS due_date FROM pe_alert`;
const origin = (subject: string, cause?: EventOrigin): EventOrigin => ({ ...(cause ?? {}), source: '/civic/policy-engine', subject });
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Raising, working and closing alerts; every change appends its event to the outbox in the same transaction. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Raises the alert unless one is already open for this person and rule (the partial unique
   * index decides, so concurrent evaluations and redeliveries raise exactly one). Returns the id when raised.
   */
  async raise(
    manager: EntityManager,
    a: { personRef: string; householdId: string | null; rule: Rule; decision: Decision; date: string; town: string; dueDate: string; cause?: EventOrigin },
  ): Promise<string | undefined> {
    const id = randomUUID();
    const explanation = {
      date: a.date,
      facts: a.decision.facts.map((f) => ({ ...f, name: clip(f.name, 120), value: typeof f.value === 'string' ? clip(f.value, 500) || 'unknown' : f.value })),
      parameters: a.decision.parameters.map((p) => ({ ...p, source: clip(p.source, 300) })),
    };
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO pe_alert (id, person_ref, household_id, rule_id, rule_version, department, programme, town, priority, status, due_date, summary, explanation, cause_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11, $12::jsonb, $13)
       ON CONFLICT (person_ref, rule_id) WHERE status IN ${OPEN_SQL} DO NOTHING RETURNING id`,
      [id, a.personRef, a.householdId, a.rule.id, a.rule.version, a.rule.department, a.rule.programme ?? null, a.town, a.rule.priority, a.dueDate, a.rule.summary, JSON.stringify(explanation), a.cause?.causationId ?? null],
    );
    if (!rows.length) return undefined;
    await manager.query(`INSERT INTO pe_alert_history (alert_id, actor, from_status, to_status, note) VALUES ($1, 'policy-engine', NULL, 'open', $2)`, [id, `rule ${a.rule.id} v${a.rule.version}`]);
    const event = createEvent(
      AlertRaisedV1,
      {
        alertId: id,
        personRef: a.personRef,
        ruleId: a.rule.id,
        ruleVersion: a.rule.version,
        department: a.rule.department,
        town: a.town,
        priority: a.rule.priority,
        dueDate: a.dueDate,
        summary: a.rule.summary,
        explanation,
      },
      origin(id, a.cause),
    );
    await this.outbox.append(manager, event);
    return id;
  }

  /** Closes open alerts of a programme for a person (or, for a household programme, any member) as enrolled. */
  async closeOnEnrolment(manager: EntityManager, m: { personRef: string; householdId: string | null; department: string; programme: string; caseId?: string | null; on: string; cause?: EventOrigin }): Promise<number> {
    const open: AlertRow[] = await manager.query(
      `${SELECT} WHERE status IN ${OPEN_SQL} AND department = $1 AND programme = $2 AND (person_ref = $3 OR ($4::text IS NOT NULL AND household_id = $4)) FOR UPDATE`,
      [m.department, m.programme, m.personRef, m.householdId],
    );
    for (const a of open) await this.transition(manager, a, 'engine-enrol', { actor: 'policy-engine', on: m.on, caseId: m.caseId ?? undefined, note: 'enrolment recorded by the department', cause: m.cause });
    return open.length;
  }

  /** Expires a person's open alerts (of one rule, or all): the person no longer qualifies or died. */
  async expire(manager: EntityManager, personRef: string, ruleId: string | null, on: string, note: string, cause?: EventOrigin): Promise<number> {
    const open: AlertRow[] = await manager.query(`${SELECT} WHERE status IN ${OPEN_SQL} AND person_ref = $1 AND ($2::text IS NULL OR rule_id = $2) FOR UPDATE`, [personRef, ruleId]);
    for (const a of open) await this.transition(manager, a, 'engine-expire', { actor: 'policy-engine', on, note, cause });
    return open.length;
  }

  /** Closes an open alert for a rule without a programme (e.g. a visit was recorded). */
  async closeServed(manager: EntityManager, personRef: string, ruleId: string, on: string, note: string, cause?: EventOrigin): Promise<number> {
    const open: AlertRow[] = await manager.query(`${SELECT} WHERE status IN ${OPEN_SQL} AND person_ref = $1 AND rule_id = $2 FOR UPDATE`, [personRef, ruleId]);
    for (const a of open) await this.transition(manager, a, 'engine-enrol', { actor: 'policy-engine', on, note, cause });
    return open.length;
  }

  /** Staff actions: assign, record contact, resolve. 404 when missing, 409 with the current state when illegal. */
  async act(
    id: string,
    action: 'assign' | 'contact' | 'resolve',
    by: { userId: string; mayAct: (a: AlertRow) => string | null },
    input: { assignee?: string; note?: string; outcome?: StaffOutcome; caseId?: string; on: string },
  ): Promise<AlertRow> {
    return this.dataSource.transaction(async (manager) => {
      const [alert]: AlertRow[] = await manager.query(`${SELECT} WHERE id = $1 FOR UPDATE`, [id]);
      if (!alert) throw ProblemException.notFound('alert', id);
      const refusal = by.mayAct(alert);
      if (refusal) throw ProblemException.forbidden(refusal);
      await this.transition(manager, alert, action, { actor: by.userId, on: input.on, note: input.note, outcome: input.outcome, caseId: input.caseId, assignee: input.assignee });
      const [after]: AlertRow[] = await manager.query(`${SELECT} WHERE id = $1`, [id]);
      return after;
    });
  }

  async findOne(id: string): Promise<AlertRow | undefined> {
    const [row]: AlertRow[] = await this.dataSource.query(`${SELECT} WHERE id = $1`, [id]);
    return row;
  }

  async history(id: string): Promise<{ at: Date; actor: string; from_status: string | null; to_status: string; note: string | null }[]> {
    return this.dataSource.query(`SELECT at, actor, from_status, to_status, note FROM pe_alert_history WHERE alert_id = $1 ORDER BY id`, [id]);
  }

  /** A page of alerts, newest first, with the total matching the filters. */
  async list(f: AlertFilter): Promise<{ items: AlertRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (f.department) add('department = ?', f.department);
    if (f.departments) add('department = ANY(?::text[])', f.departments);
    if (f.town) add('town = ?', f.town);
    if (f.towns) add('town = ANY(?::text[])', f.towns);
    if (f.ruleId) add('rule_id = ?', f.ruleId);
    if (f.status) add('status = ?', f.status);
    // overdue: not yet contacted and past the due date for first contact
    if (f.overdue === true) add(`status IN ('open', 'assigned') AND due_date < ?::date`, f.today);
    if (f.overdue === false) add(`NOT (status IN ('open', 'assigned') AND due_date < ?::date)`, f.today);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ total }] = await this.dataSource.query(`SELECT count(*)::int AS total FROM pe_alert ${clause}`, params);
    const items = await this.dataSource.query(`${SELECT} ${clause} ORDER BY raised_at DESC, id LIMIT ${f.limit} OFFSET ${f.offset}`, params);
    return { items, total };
  }

  /** Open alerts by department, median hours from raising to first contact, and the share of resolved alerts that ended in enrolment. */
  async metrics(departments?: string[]): Promise<{ openByDepartment: Record<string, number>; medianHoursToContact: number | null; conversionRate: number | null; resolved: number; enrolled: number }> {
    const scope = departments ? `AND department = ANY($1::text[])` : '';
    const params = departments ? [departments] : [];
    const open: { department: string; n: number }[] = await this.dataSource.query(`SELECT department, count(*)::int AS n FROM pe_alert WHERE status IN ${OPEN_SQL} ${scope} GROUP BY department ORDER BY department`, params);
    const [m] = await this.dataSource.query(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM contacted_at - raised_at) / 3600) AS median_hours,
              count(*) FILTER (WHERE status IN ('enrolled', 'declined', 'not-eligible', 'expired'))::int AS resolved,
              count(*) FILTER (WHERE status = 'enrolled')::int AS enrolled
       FROM pe_alert WHERE true ${scope}`,
      params,
    );
    return {
      openByDepartment: Object.fromEntries(open.map((o) => [o.department, o.n])),
      medianHoursToContact: m.median_hours === null ? null : Math.round(Number(m.median_hours) * 100) / 100,
      conversionRate: m.resolved ? Math.round((m.enrolled / m.resolved) * 10000) / 10000 : null,
      resolved: m.resolved,
      enrolled: m.enrolled,
    };
  }

  private async transition(
    manager: EntityManager,
    alert: AlertRow,
    action: AlertAction,
    t: { actor: string; on: string; note?: string; outcome?: StaffOutcome; caseId?: string; assignee?: string; cause?: EventOrigin },
  ): Promise<void> {
    const next = nextStatus(alert.status, action, t.outcome);
    if (!next.ok) throw ProblemException.conflict(next.detail, { currentState: alert.status });
    const closing = `resolved_at = now(), resolved_by = $3, outcome = $2, resolution_note = $4`;
    const [set, extra]: [string, unknown[]] =
      action === 'assign'
        ? [`assigned_to = $3, assigned_by = $4, assigned_at = now()`, [t.assignee, t.actor]]
        : action === 'contact'
          ? [`contacted_at = now(), contacted_by = $3, contact_note = $4`, [t.actor, t.note ?? null]]
          : action === 'engine-expire'
            ? [closing, [t.actor, t.note ?? null]]
            : [`${closing}, case_id = coalesce($5::text, case_id)`, [t.actor, t.note ?? null, t.caseId ?? null]];
    await manager.query(`UPDATE pe_alert SET status = $2, ${set} WHERE id = $1`, [alert.id, next.status, ...extra]);
    const note = action === 'assign' ? `assigned to ${t.assignee}` : (t.note ?? null);
    await manager.query(`INSERT INTO pe_alert_history (alert_id, actor, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5)`, [alert.id, t.actor, alert.status, next.status, note]);
    if (action === 'assign' || action === 'contact') return;
    const event = createEvent(
      AlertResolvedV1,
      {
        alertId: alert.id,
        personRef: alert.person_ref,
        ruleId: alert.rule_id,
        ruleVersion: alert.rule_version,
        department: alert.department as never,
        town: alert.town,
        outcome: resolvedOutcome(next.status),
        resolvedOn: t.on,
        ...(action === 'resolve' ? { actor: { userId: t.actor, duty: 'caseworker' as const } } : {}),
        ...(t.caseId ? { caseId: t.caseId } : {}),
        ...(t.note ? { note: clip(t.note, 500) } : {}),
      },
      origin(alert.id, t.cause),
    );
    await this.outbox.append(manager, event);
  }
}
