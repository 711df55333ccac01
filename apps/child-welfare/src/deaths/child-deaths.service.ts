import { EventEnvelope } from '@civic/contracts';
import { AuditLog, Clock, updateReturning } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AllowancesService } from '../allowances/allowances.service';
import { Reclassification } from '../classification/reclassification.service';
import { AllowancePaymentsService } from '../payments/allowance-payments.service';
import { loadChild } from '../persistence/child-row';
import { causedBy } from '../persistence/event-origin';

/** The system acting on a data-hub record (audit actor, issuer of reissued payments). */
export const HUB_ACTOR = 'system.data-hub';

/** Why a task or work item was closed by a child's death: the revocation reopens exactly these. */
export const CLOSED_BY_DEATH = 'child died (hub death record)';

/**
 * A child's own death as the data hub records it (docs/domain.md §3 "A child's own death"): the child
 * leaves care (status deceased, the previous status kept), the allowance ends on the death date, issued
 * payments of later months stop, open placement tasks and work items close. A revoked record undoes
 * exactly that (docs/adr/0009-revoked-death-records.md): status, tasks and the grant come back, the child
 * is re-classified on today's facts, and the months the record withheld are paid once. Both run in the
 * inbox transaction and are state-guarded, so a repeated record or revocation changes nothing.
 */
@Injectable()
export class ChildDeaths {
  constructor(
    private readonly allowances: AllowancesService,
    private readonly payments: AllowancePaymentsService,
    private readonly reclassification: Reclassification,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async recorded(m: EntityManager, personRef: string, deathDate: string, event: EventEnvelope): Promise<void> {
    const [row]: { child_id: string }[] = await m.query(`SELECT child_id FROM child WHERE person_ref = $1`, [
      personRef,
    ]);
    if (!row) return;
    const child = await loadChild(m, row.child_id, true);
    if (child.status !== 'deceased') {
      await m.query(
        `UPDATE child SET status = 'deceased', status_before_death = status, deceased_on = $2 WHERE child_id = $1`,
        [child.childId, deathDate],
      );
      const tasks = await updateReturning<{ task_id: string }>(
        m,
        `UPDATE placement_task SET status = 'closed', closed_reason = $2 WHERE child_id = $1 AND status = 'open' RETURNING task_id`,
        [child.childId, CLOSED_BY_DEATH],
      );
      const items = await updateReturning<{ alert_id: string }>(
        m,
        `UPDATE work_item SET status = 'closed', closed_reason = $2, closed_at = now() WHERE person_ref = $1 AND status = 'open' RETURNING alert_id`,
        [personRef, CLOSED_BY_DEATH],
      );
      await this.audit.append(m, {
        actor: HUB_ACTOR,
        action: 'child.deceased',
        objectType: 'child',
        objectId: child.childId,
        detail: {
          deathDate,
          previousStatus: child.status,
          causeEventId: event.id,
          closedTasks: tasks.map((t) => t.task_id),
          closedWorkItems: items.map((i) => i.alert_id),
        },
      });
    }
    // a death during a month does not claw that month back; later months' issued payments stop
    await this.payments.afterChildDeath(m, personRef, deathDate, event);
  }

  async revoked(m: EntityManager, personRef: string, event: EventEnvelope): Promise<void> {
    const [row]: { child_id: string }[] = await m.query(
      `SELECT child_id FROM child WHERE person_ref = $1 AND status = 'deceased' FOR UPDATE`,
      [personRef],
    );
    if (!row) return;
    const [before]: { status_before_death: string; deceased_on: string }[] = await m.query(
      `SELECT status_before_death, to_char(deceased_on, 'YYYY-MM-DD') AS deceased_on FROM child WHERE child_id = $1`,
      [row.child_id],
    );
    await m.query(
      `UPDATE child SET status = status_before_death, status_before_death = NULL, deceased_on = NULL WHERE child_id = $1`,
      [row.child_id],
    );
    const tasks = await updateReturning<{ task_id: string }>(
      m,
      `UPDATE placement_task SET status = 'open', closed_reason = NULL WHERE child_id = $1 AND status = 'closed' AND closed_reason = $2 RETURNING task_id`,
      [row.child_id, CLOSED_BY_DEATH],
    );
    const items = await updateReturning<{ alert_id: string }>(
      m,
      `UPDATE work_item SET status = 'open', closed_reason = NULL, closed_at = NULL WHERE person_ref = $1 AND status = 'closed' AND closed_reason = $2 RETURNING alert_id`,
      [personRef, CLOSED_BY_DEATH],
    );
    const origin = causedBy(event);
    const child = await loadChild(m, row.child_id, true);
    const grant = await this.allowances.restoreAfterDeath(m, child, origin);
    // the categories may have moved while the record stood (re-classification skips a child not in care)
    const today = this.clock.today();
    if (child.status === 'active') await this.reclassification.reclassify(m, child.childId, today, origin);
    const paid = await this.payments.afterRevokedDeath(m, child.childId, before.deceased_on, HUB_ACTOR);
    await this.audit.append(m, {
      actor: HUB_ACTOR,
      action: 'child.death-revoked',
      objectType: 'child',
      objectId: child.childId,
      detail: {
        restoredStatus: before.status_before_death,
        revokedDeathDate: before.deceased_on,
        causeEventId: event.id,
        restoredGrantId: grant?.grantId ?? null,
        reopenedTasks: tasks.map((t) => t.task_id),
        reopenedWorkItems: items.map((i) => i.alert_id),
        paidMonths: paid.map((l) => ({ month: l.month, kind: l.kind, amountFen: l.amountFen })),
      },
    });
  }
}
