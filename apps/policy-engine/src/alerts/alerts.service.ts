import { AlertRaisedV1, AlertResolvedV1, createEvent, EventOrigin } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { Filters, Page, pageOf, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PAIRS } from '../person-view/person-ref-merge';
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
  personRef?: string;
  householdId?: string;
  status?: string;
  overdue?: boolean;
  today: string;
  limit: number;
  offset: number;
}

const OPEN_SQL = `(${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')})`;
const COLUMNS = `*, to_char(due_date, 'YYYY-MM-DD') AS due_date`;
const SELECT = `SELECT ${COLUMNS} FROM pe_alert`;
const origin = (subject: string, cause?: EventOrigin): EventOrigin => ({
  ...(cause ?? {}),
  source: '/civic/policy-engine',
  subject,
});
/** One alert the evaluation wants raised. */
export interface AlertToRaise {
  personRef: string;
  householdId: string | null;
  rule: Rule;
  decision: Decision;
  date: string;
  town: string;
  dueDate: string;
  cause?: EventOrigin;
}

const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Raising, working and closing alerts; every change appends its event to the outbox in the same transaction. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
  ) {}

  /**
   * Raises the alerts, each unless one is already open for its person and rule (the partial unique
   * index decides, so concurrent evaluations and redeliveries raise exactly one), in one statement
   * per table. Returns the ids raised, in the order given.
   */
  async raiseAll(manager: EntityManager, alerts: AlertToRaise[]): Promise<string[]> {
    if (!alerts.length) return [];
    const rows = alerts.map((a) => ({
      a,
      id: randomUUID(),
      explanation: {
        date: a.date,
        facts: a.decision.facts.map((f) => ({
          ...f,
          name: clip(f.name, 120),
          value: typeof f.value === 'string' ? clip(f.value, 500) || 'unknown' : f.value,
        })),
        parameters: a.decision.parameters.map((p) => ({ ...p, source: clip(p.source, 300) })),
      },
    }));
    const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
    const inserted: { id: string }[] = await manager.query(
      `INSERT INTO pe_alert (id, person_ref, household_id, rule_id, rule_version, department, programme, town, priority, status, due_date, summary, explanation, cause_event_id)
       SELECT id, person_ref, household_id, rule_id, rule_version, department, programme, town, priority, 'open', due_date, summary, explanation, cause_event_id
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::date[], $11::text[], $12::jsonb[], $13::text[])
         AS u(id, person_ref, household_id, rule_id, rule_version, department, programme, town, priority, due_date, summary, explanation, cause_event_id)
       ON CONFLICT (person_ref, rule_id) WHERE status IN ${OPEN_SQL} DO NOTHING RETURNING id`,
      [
        col((r) => r.id),
        col((r) => r.a.personRef),
        col((r) => r.a.householdId),
        col((r) => r.a.rule.id),
        col((r) => r.a.rule.version),
        col((r) => r.a.rule.department),
        col((r) => r.a.rule.programme ?? null),
        col((r) => r.a.town),
        col((r) => r.a.rule.priority),
        col((r) => r.a.dueDate),
        col((r) => r.a.rule.summary),
        col((r) => JSON.stringify(r.explanation)),
        col((r) => r.a.cause?.causationId ?? null),
      ],
    );
    const ids = new Set(inserted.map((i) => i.id));
    const raised = rows.filter((r) => ids.has(r.id));
    if (!raised.length) return [];
    await manager.query(
      `INSERT INTO pe_alert_history (alert_id, actor, from_status, to_status, note) SELECT id, 'policy-engine', NULL, 'open', note FROM unnest($1::uuid[], $2::text[]) AS u(id, note)`,
      [raised.map((r) => r.id), raised.map((r) => `rule ${r.a.rule.id} v${r.a.rule.version}`)],
    );
    const events = raised.map(({ a, id, explanation }) =>
      createEvent(
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
      ),
    );
    await this.outbox.appendAll(manager, events);
    return raised.map((r) => r.id);
  }

  /**
   * Closes the open alerts of each enrolment's programme for its person (or, for a household
   * programme, any member) as enrolled, in one read for a segment of a run: an alert that several of
   * them match is closed by the first, as if they had been applied in this order (the later ones no
   * longer find it open).
   */
  async closeOnEnrolments(
    manager: EntityManager,
    items: {
      personRef: string;
      householdId: string | null;
      department: string;
      programme: string;
      caseId?: string | null;
      cause?: EventOrigin;
    }[],
    on: string,
  ): Promise<number> {
    if (!items.length) return 0;
    const rows: (AlertRow & { enrolment: number })[] = await manager.query(
      `SELECT a.*, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, u.i AS enrolment
       FROM pe_alert a JOIN unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::text[]) AS u(i, department, programme, person_ref, household_id)
         ON a.department = u.department AND a.programme = u.programme
        AND (a.person_ref = u.person_ref OR (u.household_id IS NOT NULL AND a.household_id = u.household_id))
       WHERE a.status IN ${OPEN_SQL} ORDER BY a.id, u.i FOR UPDATE OF a`,
      [
        items.map((_, i) => i),
        items.map((m) => m.department),
        items.map((m) => m.programme),
        items.map((m) => m.personRef),
        items.map((m) => m.householdId),
      ],
    );
    const first = new Map<string, AlertRow & { enrolment: number }>();
    for (const r of rows) if (!first.has(r.id)) first.set(r.id, r);
    await this.closeAll(
      manager,
      [...first.values()].map(({ enrolment, ...alert }) => ({
        alert,
        note: 'enrolment recorded by the department',
        cause: items[enrolment].cause,
        caseId: items[enrolment].caseId ?? undefined,
      })),
      'engine-enrol',
      { on },
    );
    return first.size;
  }

  /** Expires the open alerts of these person and rule pairs (the person no longer qualifies), each with its note and cause. */
  async expireAll(
    manager: EntityManager,
    items: { personRef: string; ruleId: string; note: string; cause?: EventOrigin }[],
    on: string,
  ): Promise<number> {
    if (!items.length) return 0;
    const open: AlertRow[] = await manager.query(
      `${SELECT} WHERE status IN ${OPEN_SQL} AND (person_ref, rule_id) IN (SELECT * FROM unnest($1::text[], $2::text[])) ORDER BY id FOR UPDATE`,
      [items.map((i) => i.personRef), items.map((i) => i.ruleId)],
    );
    const byPair = new Map(items.map((i) => [`${i.personRef} ${i.ruleId}`, i]));
    await this.closeAll(
      manager,
      open.map((alert) => {
        const item = byPair.get(`${alert.person_ref} ${alert.rule_id}`);
        return { alert, note: item?.note ?? null, cause: item?.cause };
      }),
      'engine-expire',
      { on },
    );
    return open.length;
  }

  /**
   * Re-keyed people's alerts, rule states, failures and findings follow them to the new ref
   * (docs/adr/0018-person-ref-rekeying.md). Where both refs hold an open alert for one rule, the old
   * ref's is expired (published, so the department's work item closes) and the new ref's stays.
   * The pairs share no ref (person-ref-merge.ts mergePersonViews): one statement per table for all.
   */
  async mergePeople(
    manager: EntityManager,
    pairs: { oldRef: string; newRef: string; cause?: EventOrigin }[],
    on: string,
  ): Promise<void> {
    if (!pairs.length) return;
    const refs = [pairs.map((p) => p.oldRef), pairs.map((p) => p.newRef)];
    const twins: { person_ref: string; rule_id: string }[] = await manager.query(
      `SELECT o.person_ref, o.rule_id FROM ${PAIRS}
         JOIN pe_alert o ON o.person_ref = p.old_ref AND o.status IN ${OPEN_SQL}
         JOIN pe_alert n ON n.rule_id = o.rule_id AND n.person_ref = p.new_ref AND n.status IN ${OPEN_SQL}`,
      refs,
    );
    const causeOf = new Map(pairs.map((p) => [p.oldRef, p.cause]));
    await this.expireAll(
      manager,
      twins.map((t) => ({
        personRef: t.person_ref,
        ruleId: t.rule_id,
        note: 'merged into the re-keyed ref, which holds the same alert',
        cause: causeOf.get(t.person_ref),
      })),
      on,
    );
    await manager.query(
      `UPDATE pe_alert a SET person_ref = p.new_ref FROM ${PAIRS} WHERE a.person_ref = p.old_ref`,
      refs,
    );
    await manager.query(
      `DELETE FROM pe_rule_state o USING ${PAIRS}
        WHERE o.person_ref = p.old_ref AND EXISTS (SELECT 1 FROM pe_rule_state n WHERE n.person_ref = p.new_ref AND n.rule_id = o.rule_id)`,
      refs,
    );
    for (const table of ['pe_rule_state', 'pe_rule_failure', 'pe_finding'])
      await manager.query(
        `UPDATE ${table} x SET person_ref = p.new_ref FROM ${PAIRS} WHERE x.person_ref = p.old_ref`,
        refs,
      );
  }

  /** Closes open alerts for a rule without a programme (e.g. a visit was recorded) for groups of people (a segment of a run), each group with its cause, in one read. */
  async closeServedAll(
    manager: EntityManager,
    groups: { personRefs: string[]; cause?: EventOrigin }[],
    ruleId: string,
    on: string,
    note: string,
  ): Promise<number> {
    const causeOf = new Map<string, EventOrigin | undefined>();
    for (const g of groups) for (const p of g.personRefs) if (!causeOf.has(p)) causeOf.set(p, g.cause);
    if (!causeOf.size) return 0;
    const open: AlertRow[] = await manager.query(
      `${SELECT} WHERE status IN ${OPEN_SQL} AND person_ref = ANY($1::text[]) AND rule_id = $2 ORDER BY id FOR UPDATE`,
      [[...causeOf.keys()], ruleId],
    );
    await this.closeAll(
      manager,
      open.map((alert) => ({ alert, note, cause: causeOf.get(alert.person_ref) })),
      'engine-enrol',
      { on },
    );
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
      await this.transition(manager, alert, action, {
        actor: by.userId,
        on: input.on,
        note: input.note,
        outcome: input.outcome,
        caseId: input.caseId,
        assignee: input.assignee,
      });
      const [after]: AlertRow[] = await manager.query(`${SELECT} WHERE id = $1`, [id]);
      return after;
    });
  }

  async findOne(id: string): Promise<AlertRow | undefined> {
    const [row]: AlertRow[] = await this.dataSource.query(`${SELECT} WHERE id = $1`, [id]);
    return row;
  }

  async history(
    id: string,
  ): Promise<{ at: Date; actor: string; from_status: string | null; to_status: string; note: string | null }[]> {
    return this.dataSource.query(
      `SELECT at, actor, from_status, to_status, note FROM pe_alert_history WHERE alert_id = $1 ORDER BY id`,
      [id],
    );
  }

  /** A page of alerts, newest first, with the total matching the filters. */
  list(f: AlertFilter): Promise<Page<AlertRow>> {
    // overdue: not yet contacted and past the due date for first contact
    const overdue = `status IN ('open', 'assigned') AND due_date < `;
    const filters = new Filters()
      .eq('department', f.department)
      .cond((p) => `department = ANY(${p}::text[])`, f.departments)
      .eq('town', f.town)
      .cond((p) => `town = ANY(${p}::text[])`, f.towns)
      .eq('rule_id', f.ruleId)
      .eq('person_ref', f.personRef)
      .eq('household_id', f.householdId)
      .eq('status', f.status)
      .cond((p) => `${overdue}${p}::date`, f.overdue === true ? f.today : undefined)
      .cond((p) => `NOT (${overdue}${p}::date)`, f.overdue === false ? f.today : undefined);
    return pageOf(
      this.dataSource.manager,
      COLUMNS,
      'pe_alert',
      filters,
      'raised_at DESC, id',
      f,
      (row: AlertRow) => row,
    );
  }

  /** Open alerts by department, median hours from raising to first contact, and the share of resolved alerts that ended in enrolment. */
  async metrics(departments?: string[]): Promise<{
    openByDepartment: Record<string, number>;
    medianHoursToContact: number | null;
    conversionRate: number | null;
    resolved: number;
    enrolled: number;
  }> {
    const scope = departments ? `AND department = ANY($1::text[])` : '';
    const params = departments ? [departments] : [];
    const open: { department: string; n: number }[] = await this.dataSource.query(
      `SELECT department, count(*)::int AS n FROM pe_alert WHERE status IN ${OPEN_SQL} ${scope} GROUP BY department ORDER BY department`,
      params,
    );
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

  // the engine's closes, locked by the caller's SELECT … FOR UPDATE: one statement per table
  private async closeAll(
    manager: EntityManager,
    items: { alert: AlertRow; note: string | null; cause?: EventOrigin; caseId?: string }[],
    action: 'engine-enrol' | 'engine-expire',
    t: { on: string; cause?: EventOrigin },
  ): Promise<void> {
    if (!items.length) return;
    const actor = 'policy-engine';
    const steps = items.map(({ alert, note, cause, caseId }) => {
      const next = nextStatus(alert.status, action);
      if (!next.ok) throw ProblemException.conflict(next.detail, { currentState: alert.status });
      return { alert, note, status: next.status, cause: cause ?? t.cause, caseId };
    });
    const ids = steps.map((s) => s.alert.id);
    const notes = steps.map((s) => s.note);
    const statuses = steps.map((s) => s.status);
    await manager.query(
      `UPDATE pe_alert a SET status = u.status, resolved_at = now(), resolved_by = $4, outcome = u.status, resolution_note = u.note${action === 'engine-enrol' ? ', case_id = coalesce(u.case_id, a.case_id)' : ''}
       FROM unnest($1::uuid[], $2::text[], $3::text[], $5::text[]) AS u(id, status, note, case_id) WHERE a.id = u.id`,
      [ids, statuses, notes, actor, steps.map((s) => s.caseId ?? null)],
    );
    await manager.query(
      `INSERT INTO pe_alert_history (alert_id, actor, from_status, to_status, note) SELECT id, $1, from_status, to_status, note FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) AS u(id, from_status, to_status, note)`,
      [actor, ids, steps.map((s) => s.alert.status), statuses, notes],
    );
    await this.outbox.appendAll(
      manager,
      steps.map((s) =>
        this.resolvedEvent(s.alert, s.status, action, {
          actor,
          on: t.on,
          note: s.note ?? undefined,
          caseId: s.caseId,
          cause: s.cause,
        }),
      ),
    );
  }

  private async transition(
    manager: EntityManager,
    alert: AlertRow,
    action: AlertAction,
    t: {
      actor: string;
      on: string;
      note?: string;
      outcome?: StaffOutcome;
      caseId?: string;
      assignee?: string;
      cause?: EventOrigin;
    },
  ): Promise<void> {
    const next = nextStatus(alert.status, action, t.outcome);
    if (!next.ok) throw ProblemException.conflict(next.detail, { currentState: alert.status });
    const closing = `resolved_at = now(), resolved_by = $3, outcome = $2, resolution_note = $4`;
    const [set, extra]: [string, unknown[]] =
      action === 'assign'
        ? [`assigned_to = $3, assigned_by = $4, assigned_at = now()`, [t.assignee, t.actor]]
        : action === 'contact'
          ? [`contacted_at = now(), contacted_by = $3, contact_note = $4`, [t.actor, t.note ?? null]]
          : [`${closing}, case_id = coalesce($5::text, case_id)`, [t.actor, t.note ?? null, t.caseId ?? null]];
    await manager.query(`UPDATE pe_alert SET status = $2, ${set} WHERE id = $1`, [alert.id, next.status, ...extra]);
    const note = action === 'assign' ? `assigned to ${t.assignee}` : (t.note ?? null);
    await manager.query(
      `INSERT INTO pe_alert_history (alert_id, actor, from_status, to_status, note) VALUES ($1, $2, $3, $4, $5)`,
      [alert.id, t.actor, alert.status, next.status, note],
    );
    if (action === 'assign' || action === 'contact') return;
    await this.outbox.append(manager, this.resolvedEvent(alert, next.status, action, t));
  }

  private resolvedEvent(
    alert: AlertRow,
    status: AlertStatus,
    action: AlertAction,
    t: { actor: string; on: string; note?: string; caseId?: string; cause?: EventOrigin },
  ) {
    return createEvent(
      AlertResolvedV1,
      {
        alertId: alert.id,
        personRef: alert.person_ref,
        ruleId: alert.rule_id,
        ruleVersion: alert.rule_version,
        department: alert.department as never,
        town: alert.town,
        outcome: resolvedOutcome(status),
        resolvedOn: t.on,
        ...(action === 'resolve' ? { actor: { userId: t.actor, duty: 'caseworker' as const } } : {}),
        ...(t.caseId ? { caseId: t.caseId } : {}),
        ...(t.note ? { note: clip(t.note, 500) } : {}),
      },
      origin(alert.id, t.cause),
    );
  }
}
