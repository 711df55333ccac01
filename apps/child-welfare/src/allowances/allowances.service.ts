import { dayBefore } from '@civic/calendar';
import {
  CHILD_ALLOWANCE_STOP_REASONS,
  ChildAllowanceGrantedV1,
  ChildAllowanceStoppedV1,
  createEvent,
  EventOrigin,
} from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuditLog, AuthenticatedUser, Clock, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { carriesAllowance } from '../categories/category-rules';
import { ChildParameters } from '../parameters/child-parameters';
import { assertInArea } from '../persistence/area';
import { ChildRow, loadChild } from '../persistence/child-row';
import { requestOrigin } from '../persistence/event-origin';
import { allowanceAmount } from './allowance-amount';

export interface AllowanceRow {
  grantId: string;
  childId: string;
  category: string;
  careMode: string;
  monthlyAmountFen: number;
  status: 'pending' | 'active' | 'stopped' | 'withdrawn';
  effectiveFrom: string | null;
  lastDay: string | null;
  stopReason: string | null;
  parameters: unknown;
  replacesGrantId: string | null;
  approvedBy: string | null;
}

const COLUMNS = `grant_id AS "grantId", child_id AS "childId", category, care_mode AS "careMode",
  monthly_amount_fen::int AS "monthlyAmountFen", status, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom",
  to_char(last_day, 'YYYY-MM-DD') AS "lastDay", stop_reason AS "stopReason", parameters,
  replaces_grant_id AS "replacesGrantId", approved_by AS "approvedBy"`;

type StopReason = (typeof CHILD_ALLOWANCE_STOP_REASONS)[number];

/**
 * Basic-living allowances of orphans and de-facto unsupported children (docs/domain.md §3). A category
 * with an allowance opens a pending grant; approval starts it on the approval date. A re-classification
 * between such categories replaces the active grant (the old one ends the day before), so at most one
 * grant is ever open per child (allowance_one_open). The monthly run pays them (payments/).
 */
@Injectable()
export class AllowancesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly params: ChildParameters,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async forChild(childId: string, user: AuthenticatedUser): Promise<AllowanceRow[]> {
    const child = await loadChild(this.dataSource.manager, childId);
    assertInArea(user, child.town, `child ${childId}`);
    return this.dataSource.query(`SELECT ${COLUMNS} FROM allowance WHERE child_id = $1 ORDER BY created_at, grant_id`, [
      childId,
    ]);
  }

  /** Approves the pending grant: it starts today, with the amount in force today. */
  async approve(childId: string, user: AuthenticatedUser): Promise<AllowanceRow> {
    const today = this.clock.today();
    return this.dataSource.transaction(async (m) => {
      const child = await loadChild(m, childId, true);
      assertInArea(user, child.town, `child ${childId}`);
      const [pending] = await this.open(m, childId, 'pending');
      if (!pending)
        throw ProblemException.conflict(`child ${childId} has no allowance awaiting approval`, {
          currentState: child.category,
        });
      const amount = allowanceAmount(await this.params.withScheduled(m), child.category, child.careMode, today)!;
      await m.query(
        `UPDATE allowance SET status = 'active', effective_from = $2, approved_by = $3, monthly_amount_fen = $4, parameters = $5 WHERE grant_id = $1`,
        [pending.grantId, today, user.sub, amount.monthlyAmountFen, JSON.stringify(amount.parameters)],
      );
      await this.audit.append(m, {
        actor: user.sub,
        action: 'allowance.approve',
        objectType: 'child',
        objectId: childId,
        detail: { grantId: pending.grantId, monthlyAmountFen: amount.monthlyAmountFen },
      });
      await this.granted(m, child, pending.grantId, amount.monthlyAmountFen, today, requestOrigin());
      return (await this.open(m, childId, 'active'))[0];
    });
  }

  /**
   * Brings the child's open grant in line with its (new) category from `from`: opens a pending grant,
   * replaces an active one at the new amount, or stops it when the category has no allowance.
   */
  async follow(m: EntityManager, child: ChildRow, from: string, origin: EventOrigin): Promise<void> {
    const [open] = await m.query(
      `SELECT ${COLUMNS} FROM allowance WHERE child_id = $1 AND status IN ('pending', 'active') FOR UPDATE`,
      [child.childId],
    );
    const current = open as AllowanceRow | undefined;
    if (child.status !== 'active' || !carriesAllowance(child.category)) {
      if (current) await this.stop(m, child, current, dayBefore(from), 're-classified', origin);
      return;
    }
    const amount = allowanceAmount(await this.params.withScheduled(m), child.category, child.careMode, from)!;
    if (!current) {
      await m.query(
        `INSERT INTO allowance (grant_id, child_id, category, care_mode, monthly_amount_fen, status, parameters) VALUES ($1, $2, $3, $4, $5, 'pending', $6)`,
        [
          grantId(),
          child.childId,
          child.category,
          child.careMode,
          amount.monthlyAmountFen,
          JSON.stringify(amount.parameters),
        ],
      );
      return;
    }
    if (current.category === child.category && current.careMode === child.careMode) return;
    // a pending grant, or an active one not yet started by `from`, simply takes the new category and amount
    if (current.status === 'pending' || (current.effectiveFrom !== null && from <= current.effectiveFrom)) {
      await m.query(
        `UPDATE allowance SET category = $2, care_mode = $3, monthly_amount_fen = $4, parameters = $5 WHERE grant_id = $1`,
        [current.grantId, child.category, child.careMode, amount.monthlyAmountFen, JSON.stringify(amount.parameters)],
      );
      return;
    }
    // the approved grant carries over to the new category: the old one ends the day before, never overlapping
    await m.query(
      `UPDATE allowance SET status = 'stopped', last_day = $2, stop_reason = 're-classified' WHERE grant_id = $1`,
      [current.grantId, dayBefore(from)],
    );
    const next = grantId();
    await m.query(
      `INSERT INTO allowance (grant_id, child_id, category, care_mode, monthly_amount_fen, status, effective_from, parameters, replaces_grant_id, approved_by)
       VALUES ($1, $2, $3, $4, $5, 'active', $6, $7, $8, $9)`,
      [
        next,
        child.childId,
        child.category,
        child.careMode,
        amount.monthlyAmountFen,
        from,
        JSON.stringify(amount.parameters),
        current.grantId,
        current.approvedBy,
      ],
    );
    await this.granted(m, child, next, amount.monthlyAmountFen, from, origin);
  }

  /** Ends the child's open grant: an active one is paid through `lastDay`, a pending one is withdrawn. */
  async end(m: EntityManager, child: ChildRow, lastDay: string, reason: StopReason, origin: EventOrigin) {
    const [open] = await m.query(
      `SELECT ${COLUMNS} FROM allowance WHERE child_id = $1 AND status IN ('pending', 'active') FOR UPDATE`,
      [child.childId],
    );
    if (open) await this.stop(m, child, open, lastDay, reason, origin);
  }

  /**
   * A revoked death record: the grant the death ended comes back as it was (docs/adr/0009-revoked-death-records.md),
   * an active one paying again from its own start (same grant id, granted event again), a withdrawn
   * pending one awaiting approval again. Nothing when another grant has been opened since.
   */
  async restoreAfterDeath(m: EntityManager, child: ChildRow, origin: EventOrigin): Promise<AllowanceRow | undefined> {
    const open = await m.query(`SELECT 1 FROM allowance WHERE child_id = $1 AND status IN ('pending', 'active')`, [
      child.childId,
    ]);
    if (open.length) return undefined;
    const [ended]: AllowanceRow[] = await m.query(
      `SELECT ${COLUMNS} FROM allowance WHERE child_id = $1 AND stop_reason = 'died' ORDER BY created_at DESC, grant_id DESC LIMIT 1 FOR UPDATE`,
      [child.childId],
    );
    if (!ended) return undefined;
    const status = ended.status === 'stopped' ? 'active' : 'pending';
    await m.query(`UPDATE allowance SET status = $2, last_day = NULL, stop_reason = NULL WHERE grant_id = $1`, [
      ended.grantId,
      status,
    ]);
    if (status === 'active')
      await this.granted(
        m,
        {
          ...child,
          category: ended.category as ChildRow['category'],
          careMode: ended.careMode as ChildRow['careMode'],
        },
        ended.grantId,
        ended.monthlyAmountFen,
        ended.effectiveFrom!,
        origin,
      );
    return { ...ended, status, lastDay: null, stopReason: null };
  }

  private async stop(
    m: EntityManager,
    child: ChildRow,
    grant: AllowanceRow,
    lastDay: string,
    reason: StopReason,
    origin: EventOrigin,
  ) {
    if (grant.status === 'pending') {
      await m.query(`UPDATE allowance SET status = 'withdrawn', stop_reason = $2 WHERE grant_id = $1`, [
        grant.grantId,
        reason,
      ]);
      return;
    }
    await m.query(`UPDATE allowance SET status = 'stopped', last_day = $2, stop_reason = $3 WHERE grant_id = $1`, [
      grant.grantId,
      lastDay,
      reason,
    ]);
    await this.outbox.append(
      m,
      createEvent(
        ChildAllowanceStoppedV1,
        {
          childId: child.childId,
          personRef: child.personRef,
          town: child.town,
          grantId: grant.grantId,
          lastDay,
          reason,
        },
        origin,
      ),
    );
  }

  private open(m: EntityManager, childId: string, status: 'pending' | 'active'): Promise<AllowanceRow[]> {
    return m.query(`SELECT ${COLUMNS} FROM allowance WHERE child_id = $1 AND status = $2`, [childId, status]);
  }

  private async granted(m: EntityManager, child: ChildRow, id: string, fen: number, from: string, origin: EventOrigin) {
    await this.outbox.append(
      m,
      createEvent(
        ChildAllowanceGrantedV1,
        {
          childId: child.childId,
          personRef: child.personRef,
          town: child.town,
          grantId: id,
          category: child.category,
          careMode: child.careMode,
          monthlyAmountFen: fen,
          effectiveFrom: from,
        },
        origin,
      ),
    );
  }
}

const grantId = () => `cg-${randomUUID()}`;
