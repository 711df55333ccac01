import {
  createEvent,
  EventEnvelope,
  findRawResidentId,
  VisitTaskCompletedV1,
  VisitTaskEscalatedV1,
} from '@civic/contracts';
import { addDays } from '@civic/calendar';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException, updateReturning } from '@civic/platform';
import { loadParameters } from '@civic/policy-params';
import { Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { assertInArea } from '../persistence/area';
import { GOVERNANCE_SOURCE, requestOrigin } from '../persistence/event-origin';
import { WorkersService } from '../workers/workers.service';
import { dueDaysKey, VisitRequest } from './visit-request';
import { CancelVisitDto, CompleteVisitDto, ScheduleVisitDto, VisitTaskListQueryDto } from './visit-task-input.dto';

export interface VisitTaskView {
  taskId: string;
  requestedBy: VisitRequest['requestedBy'];
  kind: VisitRequest['kind'];
  requestRef: string | null;
  personRef: string;
  town: string;
  receivedOn: string;
  dueDate: string;
  status: 'open' | 'scheduled' | 'completed' | 'cancelled';
  socialWorkerId: string | null;
  scheduledOn: string | null;
  completedOn: string | null;
  outcome: string | null;
  findings: string | null;
  escalatedOn: string | null;
}

const COLUMNS = `task_id AS "taskId", requested_by AS "requestedBy", kind, request_ref AS "requestRef", person_ref AS "personRef", town,
  to_char(received_on, 'YYYY-MM-DD') AS "receivedOn", to_char(due_date, 'YYYY-MM-DD') AS "dueDate", status, social_worker_id AS "socialWorkerId",
  to_char(scheduled_on, 'YYYY-MM-DD') AS "scheduledOn", to_char(completed_on, 'YYYY-MM-DD') AS "completedOn", outcome, findings,
  to_char(escalated_on, 'YYYY-MM-DD') AS "escalatedOn"`;

/**
 * Home-visit tasks the departments request by event (eldercare, child welfare, social assistance):
 * received with a due date from the parameters, given to the person's assigned social worker when
 * there is one (otherwise scheduled by the station), completed with findings and reported back with
 * governance.visit-task.completed; one not completed by its due date is escalated once.
 */
@Injectable()
export class VisitTasksService {
  private readonly params = loadParameters();
  private readonly logger = new Logger('visit-tasks');

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly workers: WorkersService,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes a request in the inbox transaction of its event. A request for a visit that is still open
   * (eldercare repeats "overdue" daily until someone visits) adds no second task.
   */
  async receive(m: EntityManager, cause: EventEnvelope, req: VisitRequest): Promise<string | undefined> {
    const [dead] = await m.query(
      `SELECT to_char(death_date, 'YYYY-MM-DD') AS death_date FROM person_death WHERE person_ref = $1`,
      [req.personRef],
    );
    if (dead) {
      this.logger.warn(`no visit task for ${req.kind} from ${req.requestedBy}: the person died on ${dead.death_date}`);
      return undefined;
    }
    const [open] = await m.query(
      `SELECT task_id FROM visit_task WHERE requested_by = $1 AND kind = $2 AND request_ref = $3 AND person_ref = $4 AND status IN ('open', 'scheduled')`,
      [req.requestedBy, req.kind, req.requestRef, req.personRef],
    );
    if (open) return undefined;
    const today = this.clock.today();
    const dueDate = addDays(today, this.params.countAt(dueDaysKey(req.kind), today));
    const [assigned] = await m.query(
      `SELECT a.social_worker_id FROM assignment a JOIN social_worker w USING (social_worker_id)
       WHERE a.person_ref = $1 AND a.ended_on IS NULL AND w.certificate_number IS NOT NULL
       ORDER BY (a.department = $2) DESC, a.assigned_on DESC LIMIT 1`,
      [req.personRef, req.requestedBy],
    );
    const taskId = `task-${randomUUID()}`;
    await m.query(
      `INSERT INTO visit_task (task_id, cause_event_id, requested_by, kind, request_ref, person_ref, town, received_on, due_date, status, social_worker_id, scheduled_on)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT ON CONSTRAINT visit_task_cause DO NOTHING`,
      [
        taskId,
        cause.id,
        req.requestedBy,
        req.kind,
        req.requestRef,
        req.personRef,
        req.town,
        today,
        dueDate,
        assigned ? 'scheduled' : 'open',
        assigned?.social_worker_id ?? null,
        assigned ? today : null,
      ],
    );
    this.logger.log(`visit task ${taskId} (${req.kind}) from ${req.requestedBy}, due ${dueDate}`);
    return taskId;
  }

  async schedule(id: string, dto: ScheduleVisitDto, user: AuthenticatedUser): Promise<VisitTaskView> {
    return this.dataSource.transaction(async (m) => {
      const t = await this.lock(m, id, user);
      if (t.status !== 'open' && t.status !== 'scheduled')
        throw ProblemException.conflict(`visit task ${id} is ${t.status}`, { currentState: t.status });
      const today = this.clock.today();
      const scheduledOn = dto.scheduledOn ?? today;
      if (scheduledOn < today)
        throw ProblemException.invalidField('scheduledOn', 'notPast', 'scheduledOn must be today or later');
      const w = await this.workers.certifiedWorker(m, 'socialWorkerId', dto.socialWorkerId);
      await m.query(
        `UPDATE visit_task SET status = 'scheduled', social_worker_id = $2, scheduled_on = $3 WHERE task_id = $1`,
        [id, w.socialWorkerId, scheduledOn],
      );
      return this.getIn(m, id);
    });
  }

  /** The visit was made: findings are stored and reported back to the requesting department. */
  async complete(id: string, dto: CompleteVisitDto, user: AuthenticatedUser): Promise<VisitTaskView> {
    if (findRawResidentId(dto.findings) !== undefined)
      throw ProblemException.invalidField('findings', 'noIdNumber', 'findings must not hold a resident ID number');
    return this.dataSource.transaction(async (m) => {
      const t = await this.lock(m, id, user);
      if (t.status !== 'scheduled')
        throw ProblemException.conflict(
          t.status === 'open' ? `visit task ${id} has no social worker yet` : `visit task ${id} is ${t.status}`,
          { currentState: t.status },
        );
      const today = this.clock.today();
      await m.query(
        `UPDATE visit_task SET status = 'completed', completed_on = $2, outcome = $3, findings = $4 WHERE task_id = $1`,
        [id, today, dto.outcome, dto.findings],
      );
      await this.outbox.append(
        m,
        createEvent(
          VisitTaskCompletedV1,
          {
            taskId: id,
            socialWorkerId: t.socialWorkerId!,
            personRef: t.personRef,
            town: t.town,
            requestedBy: t.requestedBy,
            kind: t.kind,
            ...(t.requestRef ? { requestRef: t.requestRef } : {}),
            completedOn: today,
            outcome: dto.outcome,
            notes: dto.findings,
          },
          requestOrigin(),
        ),
      );
      return this.getIn(m, id);
    });
  }

  async cancel(id: string, dto: CancelVisitDto, user: AuthenticatedUser): Promise<VisitTaskView> {
    return this.dataSource.transaction(async (m) => {
      const t = await this.lock(m, id, user);
      if (t.status !== 'open' && t.status !== 'scheduled')
        throw ProblemException.conflict(`visit task ${id} is ${t.status}`, { currentState: t.status });
      await m.query(`UPDATE visit_task SET status = 'cancelled', cancel_reason = $2 WHERE task_id = $1`, [
        id,
        dto.reason,
      ]);
      return this.getIn(m, id);
    });
  }

  /** Escalates every task past its due date and not completed, once each; returns how many now. */
  async escalateOverdue(): Promise<{ escalated: number; on: string }> {
    const today = this.clock.today();
    return this.dataSource.transaction(async (m) => {
      const rows = await updateReturning<VisitTaskView>(
        m,
        `UPDATE visit_task SET escalated_on = $1
         WHERE task_id IN (SELECT task_id FROM visit_task WHERE status IN ('open', 'scheduled') AND due_date < $1 AND escalated_on IS NULL
                           ORDER BY task_id FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}`,
        [today],
      );
      for (const t of rows)
        await this.outbox.append(
          m,
          createEvent(
            VisitTaskEscalatedV1,
            {
              taskId: t.taskId,
              personRef: t.personRef,
              town: t.town,
              requestedBy: t.requestedBy,
              ...(t.requestRef ? { requestRef: t.requestRef } : {}),
              dueDate: t.dueDate,
              escalatedOn: today,
              escalatedTo: 'station-supervisor' as const,
            },
            { source: GOVERNANCE_SOURCE },
          ),
        );
      return { escalated: rows.length, on: today };
    });
  }

  /** Remembers a death so later requests for the person send nobody (a formal record replaces an informal one). */
  async recordDeath(m: EntityManager, personRef: string, recordId: string, deathDate: string): Promise<void> {
    await m.query(
      `INSERT INTO person_death (person_ref, record_id, death_date) VALUES ($1, $2, $3)
       ON CONFLICT (person_ref) DO UPDATE SET record_id = EXCLUDED.record_id, death_date = EXCLUDED.death_date`,
      [personRef, recordId, deathDate],
    );
  }

  /** A revoked death record: the person may be visited again. */
  async forgetDeath(m: EntityManager, personRef: string, revokedRecordId?: string): Promise<void> {
    await m.query(`DELETE FROM person_death WHERE person_ref = $1 AND ($2::text IS NULL OR record_id = $2)`, [
      personRef,
      revokedRecordId ?? null,
    ]);
  }

  /** The person died: their open tasks are cancelled (in the inbox transaction of the death record). */
  async cancelForDeath(m: EntityManager, cause: EventEnvelope, personRef: string, deathDate: string): Promise<number> {
    const rows = await updateReturning(
      m,
      `UPDATE visit_task SET status = 'cancelled', cancel_reason = $2 WHERE person_ref = $1 AND status IN ('open', 'scheduled') RETURNING task_id`,
      [personRef, `the person died on ${deathDate} (data hub event ${cause.id})`],
    );
    return rows.length;
  }

  async get(id: string, user: AuthenticatedUser): Promise<VisitTaskView> {
    const t = await this.getIn(this.dataSource.manager, id);
    assertInArea(user, t.town, 'the visit task');
    return t;
  }

  list(q: VisitTaskListQueryDto, user: AuthenticatedUser): Promise<Page<VisitTaskView>> {
    const f = new Filters()
      .eq('town', q.town)
      .eq('status', q.status)
      .eq('requested_by', q.requestedBy)
      .eq('person_ref', q.personRef)
      .eq('social_worker_id', q.socialWorkerId)
      .cond((p) => `(escalated_on IS NOT NULL) = ${p}`, q.escalated === undefined ? undefined : q.escalated === 'true')
      .towns('town', user);
    return pageOf(this.dataSource.manager, COLUMNS, 'visit_task', f, 'due_date, task_id', q, (r: VisitTaskView) => r);
  }

  private async lock(m: EntityManager, id: string, user: AuthenticatedUser): Promise<VisitTaskView> {
    await m.query(`SELECT 1 FROM visit_task WHERE task_id = $1 FOR UPDATE`, [id]);
    const t = await this.getIn(m, id);
    assertInArea(user, t.town, 'the visit task');
    return t;
  }

  private async getIn(m: EntityManager, id: string): Promise<VisitTaskView> {
    const [t] = await m.query(`SELECT ${COLUMNS} FROM visit_task WHERE task_id = $1`, [id]);
    if (!t) throw ProblemException.notFound('visit task', id);
    return t;
  }
}
