import { AlertRaisedV1Payload, EventEnvelope } from '@civic/contracts';
import { AuthenticatedUser, Filters, Page, pageOf, PageQueryDto } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

export interface WorkItem {
  alertId: string;
  personRef: string;
  ruleId: string;
  town: string;
  priority: string;
  dueDate: string;
  summary: string;
  status: 'open' | 'closed';
  closedReason: string | null;
}

const COLUMNS = `alert_id AS "alertId", person_ref AS "personRef", rule_id AS "ruleId", town, priority,
  to_char(due_date, 'YYYY-MM-DD') AS "dueDate", summary, status, closed_reason AS "closedReason"`;

/**
 * The policy engine's child-welfare alerts (orphan, de-facto unsupported, education aid: 政策找人) as a
 * work queue. An item closes when the person is enrolled here (registered as a child) or the engine
 * resolves the alert; an alert for a person already enrolled closes at once.
 */
@Injectable()
export class WorkQueue {
  constructor(private readonly dataSource: DataSource) {}

  async add(m: EntityManager, event: EventEnvelope<AlertRaisedV1Payload>): Promise<void> {
    const a = event.data;
    // education aid is social assistance's rule, but the students it finds are children this service follows
    if (a.department !== 'child-welfare' && a.ruleId !== 'education-aid') return;
    const enrolled: { child_id: string }[] = await m.query(`SELECT child_id FROM child WHERE person_ref = $1`, [
      a.personRef,
    ]);
    await m.query(
      `INSERT INTO work_item (alert_id, person_ref, rule_id, town, priority, due_date, summary, status, closed_reason, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $8 = 'closed' THEN now() END) ON CONFLICT (alert_id) DO NOTHING`,
      [
        a.alertId,
        a.personRef,
        a.ruleId,
        a.town,
        a.priority,
        a.dueDate,
        a.summary,
        enrolled.length ? 'closed' : 'open',
        enrolled.length ? `already enrolled as ${enrolled[0].child_id}` : null,
      ],
    );
  }

  async closeOnEnrolment(m: EntityManager, personRef: string, childId: string): Promise<void> {
    await m.query(
      `UPDATE work_item SET status = 'closed', closed_reason = $2, closed_at = now() WHERE person_ref = $1 AND status = 'open'`,
      [personRef, `enrolled as ${childId}`],
    );
  }

  async closeResolved(m: EntityManager, alertId: string, outcome: string): Promise<void> {
    await m.query(
      `UPDATE work_item SET status = 'closed', closed_reason = $2, closed_at = now() WHERE alert_id = $1 AND status = 'open'`,
      [alertId, `alert resolved: ${outcome}`],
    );
  }

  list(q: PageQueryDto & { status?: string; town?: string }, user: AuthenticatedUser): Promise<Page<WorkItem>> {
    const f = new Filters().eq('status', q.status).eq('town', q.town).towns('town', user);
    return pageOf<WorkItem, WorkItem>(
      this.dataSource.manager,
      COLUMNS,
      'work_item',
      f,
      'due_date, alert_id',
      q,
      (r) => r,
    );
  }
}
