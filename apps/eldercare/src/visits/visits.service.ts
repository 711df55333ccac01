import { addDays, daysBetween } from '@civic/calendar';
import { containsResidentIdNumber, createEvent, VisitOverdueV1, VisitRecordedV1 } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException, updateReturning } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { assertAlive, loadElder } from '../elders/elder-record';
import { ElderParameters } from '../parameters/elder-parameters';
import { assertInArea } from '../persistence/area';
import { requestOrigin, scheduledOrigin } from '../persistence/event-origin';
import { SPECIAL_HARDSHIP_SITUATIONS, visitDueOn } from '../rules/visit-tasks';
import { RecordVisitDto, VisitRateQueryDto, VisitTaskQueryDto } from './visit-input.dto';

/** Levels that make an elder disabled for the visit list (rules/visit-tasks.ts needsMonthlyVisit, in SQL). */
const VISITED_LEVELS = ['moderate', 'severe', 'complete-loss'];

const TASK_COLUMNS = `t.task_id, t.elder_id, t.month, t.town, t.assigned_to, to_char(t.due_on, 'YYYY-MM-DD') AS due_on, t.status, to_char(t.overdue_raised_on, 'YYYY-MM-DD') AS overdue_raised_on, t.closed_reason`;
const taskOf = (r: Record<string, any>) => ({
  taskId: r.task_id as string,
  elderId: r.elder_id as string,
  month: r.month as string,
  town: r.town as string,
  assignedTo: r.assigned_to as string | null,
  dueOn: r.due_on as string,
  status: r.status as string,
  overdueRaisedOn: r.overdue_raised_on as string | null,
  closedReason: r.closed_reason as string | null,
});
export type VisitTask = ReturnType<typeof taskOf>;

/**
 * Monthly visits to special-hardship elders (docs/domain.md §2 visits): one task per elder and month,
 * assigned to the elder's social worker; a recorded visit completes it; a task past its due date
 * publishes eldercare.visit.overdue once.
 */
@Injectable()
export class VisitsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly params: ElderParameters,
    private readonly clock: Clock,
  ) {}

  /** Creates the month's task for every living special-hardship elder without one (idempotent by the unique key). */
  async generateTasks(month: string, today: string): Promise<number> {
    const interval = this.params.set.countAt('elder.visit.interval_days', today);
    const elders: { elder_id: string; town: string; social_worker: string | null; last_visit: string | null }[] =
      await this.dataSource.query(
        `SELECT e.elder_id, e.town, e.social_worker,
                (SELECT to_char(max(v.visited_on), 'YYYY-MM-DD') FROM visit v WHERE v.elder_id = e.elder_id) AS last_visit
         FROM elder e
         WHERE e.status = 'active' AND (e.living_situation && $1 OR e.ability_level = ANY($2))
           AND NOT EXISTS (SELECT 1 FROM visit_task t WHERE t.elder_id = e.elder_id AND t.month = $3)`,
        [SPECIAL_HARDSHIP_SITUATIONS, VISITED_LEVELS, month],
      );
    if (!elders.length) return 0;
    const inserted = await this.dataSource.query(
      `INSERT INTO visit_task (task_id, elder_id, month, town, assigned_to, due_on)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[])
       ON CONFLICT ON CONSTRAINT visit_task_one_per_month DO NOTHING RETURNING task_id`,
      [
        elders.map(() => `vt-${randomUUID()}`),
        elders.map((e) => e.elder_id),
        elders.map(() => month),
        elders.map((e) => e.town),
        elders.map((e) => e.social_worker),
        elders.map((e) => visitDueOn(month, e.last_visit, interval)),
      ],
    );
    return inserted.length;
  }

  /** Marks open tasks past due on `today` and publishes one overdue event each (claimed once, so runs may overlap). */
  async raiseOverdue(today: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows = await updateReturning<Record<string, string>>(
        m,
        `UPDATE visit_task t SET overdue_raised_on = $1
         FROM elder e
         WHERE e.elder_id = t.elder_id AND t.task_id IN (
           SELECT task_id FROM visit_task WHERE status = 'open' AND due_on < $1 AND overdue_raised_on IS NULL FOR UPDATE SKIP LOCKED)
         RETURNING t.elder_id, e.person_ref, t.town, to_char(t.due_on, 'YYYY-MM-DD') AS due_on,
           (SELECT to_char(max(v.visited_on), 'YYYY-MM-DD') FROM visit v WHERE v.elder_id = t.elder_id) AS last_visit`,
        [today],
      );
      for (const r of rows)
        await this.outbox.append(
          m,
          createEvent(
            VisitOverdueV1,
            {
              elderId: r.elder_id,
              personRef: r.person_ref,
              town: r.town,
              ...(r.last_visit ? { lastVisitedOn: r.last_visit } : {}),
              dueDate: r.due_on,
              daysOverdue: Math.min(daysBetween(r.due_on, today), 3650),
            },
            scheduledOrigin(),
          ),
        );
      return rows.length;
    });
  }

  async record(elderId: string, dto: RecordVisitDto, user: AuthenticatedUser) {
    const today = this.clock.today();
    if (dto.visitedOn > today)
      throw ProblemException.invalidField(
        'visitedOn',
        'not-in-future',
        `visitedOn ${dto.visitedOn} is after today (${today})`,
      );
    if (dto.notes && containsResidentIdNumber(dto.notes))
      throw ProblemException.invalidField('notes', 'no-resident-id', 'notes must not contain a resident ID number');
    const nextDueDate = addDays(dto.visitedOn, this.params.set.countAt('elder.visit.interval_days', dto.visitedOn));
    return this.dataSource.transaction(async (m) => {
      const elder = await loadElder(m, elderId, true);
      assertInArea(user, elder.town, `elder ${elderId}`);
      assertAlive(elder);
      const visitId = `visit-${randomUUID()}`;
      await m.query(
        `INSERT INTO visit (visit_id, elder_id, visited_on, visitor_user_id, visitor_role, outcome, notes, next_due_date)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [visitId, elderId, dto.visitedOn, user.sub, dto.visitorRole, dto.outcome, dto.notes ?? null, nextDueDate],
      );
      // the visit completes the open tasks of its month and earlier ones (a late visit still counts)
      await m.query(`UPDATE visit_task SET status = 'done' WHERE elder_id = $1 AND status = 'open' AND month <= $2`, [
        elderId,
        dto.visitedOn.slice(0, 7),
      ]);
      await this.outbox.append(
        m,
        createEvent(
          VisitRecordedV1,
          {
            visitId,
            elderId,
            personRef: elder.personRef,
            town: elder.town,
            visitedOn: dto.visitedOn,
            visitorUserId: user.sub,
            visitorRole: dto.visitorRole,
            outcome: dto.outcome,
            ...(dto.notes ? { notes: dto.notes } : {}),
            nextDueDate,
          },
          requestOrigin(),
        ),
      );
      return { visitId, elderId, visitedOn: dto.visitedOn, nextDueDate, outcome: dto.outcome };
    });
  }

  tasks(q: VisitTaskQueryDto, user: AuthenticatedUser): Promise<Page<VisitTask>> {
    const f = new Filters()
      .eq('t.month', q.month)
      .eq('t.town', q.town)
      .eq('t.status', q.status)
      .eq('t.assigned_to', q.assignedTo)
      .towns('t.town', user);
    return pageOf(this.dataSource.manager, TASK_COLUMNS, 'visit_task t', f, 't.due_on, t.task_id', q, taskOf);
  }

  /** Visit rate per town for a month: tasks done over tasks due (closed ones, e.g. after a death, do not count). */
  async rate(q: VisitRateQueryDto, user: AuthenticatedUser) {
    const f = new Filters().eq('month', q.month).towns('town', user);
    const rows = await this.dataSource.query(
      `SELECT town, count(*) FILTER (WHERE status <> 'closed')::int AS due, count(*) FILTER (WHERE status = 'done')::int AS done
       FROM visit_task ${f.where()} GROUP BY town ORDER BY town`,
      f.params,
    );
    return rows.map((r: { town: string; due: number; done: number }) => ({
      month: q.month,
      town: r.town,
      due: r.due,
      done: r.done,
      rate: r.due === 0 ? null : r.done / r.due,
    }));
  }

  /** Closes the open tasks of an elder who died (they no longer count towards the visit rate). */
  async closeForDeath(m: EntityManager, elderId: string): Promise<void> {
    await m.query(
      `UPDATE visit_task SET status = 'closed', closed_reason = 'death' WHERE elder_id = $1 AND status = 'open'`,
      [elderId],
    );
  }

  /**
   * A revoked death record: the tasks the death closed for `month` or later are open again (the visit
   * can still be made); a past month's task stays closed, since its month is over and would only raise
   * an overdue signal nobody can answer.
   */
  async reopenAfterRevokedDeath(m: EntityManager, elderId: string, month: string): Promise<number> {
    const rows = await updateReturning<{ task_id: string }>(
      m,
      `UPDATE visit_task SET status = 'open', closed_reason = NULL
       WHERE elder_id = $1 AND status = 'closed' AND closed_reason = 'death' AND month >= $2 RETURNING task_id`,
      [elderId, month],
    );
    return rows.length;
  }
}
