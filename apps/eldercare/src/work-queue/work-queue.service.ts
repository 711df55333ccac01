import { AlertRaisedV1Payload, AlertResolvedV1Payload } from '@civic/contracts';
import { currentRefSql } from '@civic/operations';
import { AuthenticatedUser, Filters, Page, pageOf } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { WorkQueueQueryDto } from './work-queue-query.dto';

const COLUMNS = `w.alert_id, w.person_ref, w.rule_id, w.town, w.priority, w.summary, to_char(w.due_date, 'YYYY-MM-DD') AS due_date, w.status, w.outcome, to_char(w.closed_on, 'YYYY-MM-DD') AS closed_on,
  (SELECT e.elder_id FROM elder e WHERE e.person_ref = w.person_ref) AS elder_id`;
const itemOf = (r: Record<string, any>) => ({
  alertId: r.alert_id as string,
  personRef: r.person_ref as string,
  elderId: r.elder_id as string | null,
  ruleId: r.rule_id as string,
  town: r.town as string,
  priority: r.priority as string,
  summary: r.summary as string,
  dueDate: r.due_date as string,
  status: r.status as 'open' | 'closed',
  outcome: r.outcome as string | null,
  closedOn: r.closed_on as string | null,
});
export type WorkItem = ReturnType<typeof itemOf>;

/**
 * The eldercare work queue: the policy engine's alerts for this department (high-age allowance, care
 * subsidy, visits), open until the engine resolves them (it does when the person is enrolled).
 */
@Injectable()
export class WorkQueueService {
  constructor(private readonly dataSource: DataSource) {}

  async open(m: EntityManager, a: AlertRaisedV1Payload): Promise<void> {
    await m.query(
      // an alert raised before the engine merged a re-keyed person still names the old ref: store the current one
      `INSERT INTO work_item (alert_id, person_ref, rule_id, town, priority, summary, due_date) VALUES ($1, ${currentRefSql('$2')}, $3, $4, $5, $6, $7)
       ON CONFLICT (alert_id) DO NOTHING`,
      [a.alertId, a.personRef, a.ruleId, a.town, a.priority, a.summary, a.dueDate],
    );
  }

  async close(m: EntityManager, r: AlertResolvedV1Payload): Promise<void> {
    await m.query(
      `UPDATE work_item SET status = 'closed', outcome = $2, closed_on = $3 WHERE alert_id = $1 AND status = 'open'`,
      [r.alertId, r.outcome, r.resolvedOn],
    );
  }

  list(q: WorkQueueQueryDto, user: AuthenticatedUser): Promise<Page<WorkItem>> {
    const f = new Filters()
      .eq('w.status', q.status)
      .eq('w.town', q.town)
      .eq('w.rule_id', q.ruleId)
      .eq('w.person_ref', q.personRef)
      .towns('w.town', user);
    return pageOf(this.dataSource.manager, COLUMNS, 'work_item w', f, 'w.due_date, w.alert_id', q, itemOf);
  }
}
