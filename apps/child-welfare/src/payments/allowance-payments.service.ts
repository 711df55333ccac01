import { EventEnvelope } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import {
  confirmRun,
  insertPayments,
  PaymentLine,
  paymentColumns,
  RunCandidate,
  runMonth,
  RunOutcome,
  runReport,
  stopAfterDeath,
  storedPayment,
} from '@civic/monthly-run';
import { AuthenticatedUser, Clock, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { AllowancesService } from '../allowances/allowances.service';
import { CareMode, ChildCategory } from '../categories/category-rules';
import { ChildParameters } from '../parameters/child-parameters';
import { assertInArea } from '../persistence/area';
import { loadChild } from '../persistence/child-row';
import { causedBy } from '../persistence/event-origin';
import { BASIC_LIVING, CHILD_ALLOWANCE_RUN, childPaymentId } from './allowance-run-spec';
import { payableMonth } from './payable-month';

/**
 * The monthly allowance run of child welfare (docs/domain.md §3) on the shared monthly-run machinery:
 * every child whose approved grant is in force on the month's first day is paid once for the month, at
 * the amount the dated parameters give on that day. A re-classification replaces the grant but not the
 * programme, so the unique key still pays the month once; a child's own death stops the grant and the
 * issued payments of later months.
 */
@Injectable()
export class AllowancePaymentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly params: ChildParameters,
    private readonly allowances: AllowancesService,
    private readonly clock: Clock,
  ) {}

  async start(requested: string | undefined, user: AuthenticatedUser): Promise<RunOutcome> {
    const month = requested ?? this.clock.today().slice(0, 7);
    const firstDay = `${month}-01`;
    return this.dataSource.transaction(async (m) => {
      await this.refuseOwnApprovals(m, user.sub, 'start the allowance run');
      const params = await this.params.withScheduled(m);
      return runMonth(m, this.outbox, CHILD_ALLOWANCE_RUN, month, user.sub, this.clock.now(), async (after, limit) => {
        // one grant per child (DISTINCT ON): grants never overlap, but the run must not rely on it to pay once.
        // NOT IN (a hashed subplan, read once per chunk), not NOT EXISTS: inside the run's transaction the
        // planner still believes the payment table empty and scanned it once per grant, so every chunk cost
        // more than the last (apps/child-welfare/bench/child-welfare-bench.ts; child_id is NOT NULL). The plan
        // stays hashed while a month's payments fit hash_mem (checked with 200,000 at the default 4MB work_mem).
        const rows: {
          child_id: string;
          person_ref: string;
          town: string;
          category: ChildCategory;
          care_mode: CareMode;
          age_out_date: string;
          death_date: string | null;
        }[] = await m.query(
          `SELECT DISTINCT ON (a.child_id) a.child_id, c.person_ref, c.town, a.category, a.care_mode,
                  to_char(c.age_out_date, 'YYYY-MM-DD') AS age_out_date, to_char(d.since, 'YYYY-MM-DD') AS death_date
             FROM allowance a
             JOIN child c ON c.child_id = a.child_id
             LEFT JOIN parent_situation d ON d.person_ref = c.person_ref AND d.situation = 'dead'
            WHERE a.status IN ('active', 'stopped') AND a.effective_from <= $1 AND (a.last_day IS NULL OR a.last_day >= $1)
              AND a.child_id > $2
              AND a.child_id NOT IN (SELECT p.child_id FROM allowance_payment p WHERE p.programme = $3 AND p.month = $4
                                       AND NOT (p.status = 'stopped' AND p.stop_reason = 'death'))
            ORDER BY a.child_id, a.effective_from DESC
            LIMIT $5`,
          [firstDay, after, BASIC_LIVING, month, limit],
        );
        return rows.map((r): RunCandidate => {
          const decision = payableMonth(
            params,
            { category: r.category, careMode: r.care_mode, ageOutDate: r.age_out_date, deathDate: r.death_date },
            month,
          );
          return {
            cursor: r.child_id,
            line: {
              paymentId: childPaymentId(month, r.child_id),
              subjectId: r.child_id,
              personRef: r.person_ref,
              programme: BASIC_LIVING,
              town: r.town,
              amountFen: decision.amountFen,
            },
            ...('skip' in decision ? { skip: decision.skip } : {}),
          };
        });
      });
    });
  }

  async confirm(month: string, bankBatchRef: string, user: AuthenticatedUser) {
    return this.dataSource.transaction(async (m) => {
      await this.refuseOwnApprovals(m, user.sub, 'confirm the disbursement');
      return confirmRun(m, this.outbox, CHILD_ALLOWANCE_RUN, month, bankBatchRef, user.sub, this.clock.today());
    });
  }

  report(month: string, user: AuthenticatedUser) {
    return runReport(this.dataSource.manager, CHILD_ALLOWANCE_RUN, month, user);
  }

  async forChild(childId: string, user: AuthenticatedUser) {
    const child = await loadChild(this.dataSource.manager, childId);
    assertInArea(user, child.town, `child ${childId}`);
    const rows = await this.dataSource.query(
      `SELECT ${paymentColumns(CHILD_ALLOWANCE_RUN)} FROM allowance_payment WHERE child_id = $1 ORDER BY month, programme`,
      [childId],
    );
    return rows.map((r: Record<string, unknown>) => storedPayment(CHILD_ALLOWANCE_RUN, r));
  }

  /**
   * A recorded death of a person who is a child here: the grant ends on the death date (a death during
   * a month does not claw that month back) and issued payments of later months stop. In the caller's
   * (inbox) transaction; a redelivery finds no open grant and no issued payment left.
   */
  async afterChildDeath(m: EntityManager, personRef: string, deathDate: string, cause: EventEnvelope): Promise<void> {
    const [row] = await m.query(`SELECT child_id FROM child WHERE person_ref = $1`, [personRef]);
    if (!row) return;
    const child = await loadChild(m, row.child_id, true);
    await this.allowances.end(m, child, deathDate, 'died', causedBy(cause));
    await stopAfterDeath(m, this.outbox, CHILD_ALLOWANCE_RUN, personRef, deathDate, this.clock.today(), cause);
  }

  /**
   * A revoked death record of a child (docs/adr/0009-revoked-death-records.md): every month the record
   * kept from the child is paid exactly once, at the amount the dated parameters give that month's 1st
   * for the grant in force then (the caller has restored it). A payment stopped because of the death is
   * reissued in place (same id, month and kind); a month whose run skipped the child as deceased gets
   * an arrears payment in that month's run. Both through libs/monthly-run (unique key, issued events);
   * findings flagged after the death are cleared. Returns the lines paid.
   */
  async afterRevokedDeath(
    m: EntityManager,
    childId: string,
    deceasedOn: string,
    issuedBy: string,
  ): Promise<PaymentLine[]> {
    const child = await loadChild(m, childId);
    const missed: { month: string; kind: PaymentLine['kind'] | null; run_id: string }[] = await m.query(
      `SELECT month, kind, run_id FROM allowance_payment
        WHERE child_id = $1 AND programme = $2 AND status = 'stopped' AND stop_reason = 'death'
       UNION ALL
       SELECT r.month, NULL, r.run_id FROM allowance_payment_run r
        WHERE to_date(r.month || '-01', 'YYYY-MM-DD') > $3
          AND NOT EXISTS (SELECT 1 FROM allowance_payment p WHERE p.child_id = $1 AND p.programme = $2 AND p.month = r.month)
       ORDER BY month`,
      [childId, BASIC_LIVING, deceasedOn],
    );
    await m.query(
      `UPDATE allowance_payment SET flagged_after_death = false WHERE child_id = $1 AND flagged_after_death`,
      [childId],
    );
    if (!missed.length) return [];
    const params = await this.params.withScheduled(m);
    const lines: PaymentLine[] = [];
    for (const x of missed) {
      const [grant]: { category: ChildCategory; care_mode: CareMode }[] = await m.query(
        `SELECT category, care_mode FROM allowance
          WHERE child_id = $1 AND status IN ('active', 'stopped') AND effective_from <= $2 AND (last_day IS NULL OR last_day >= $2)
          ORDER BY effective_from DESC LIMIT 1`,
        [childId, `${x.month}-01`],
      );
      if (!grant) continue;
      const decision = payableMonth(
        params,
        { category: grant.category, careMode: grant.care_mode, ageOutDate: child.ageOutDate, deathDate: null },
        x.month,
      );
      if (decision.amountFen === 0) continue;
      lines.push({
        paymentId: childPaymentId(x.month, childId),
        runId: x.run_id,
        subjectId: childId,
        month: x.month,
        personRef: child.personRef,
        programme: BASIC_LIVING,
        town: child.town,
        amountFen: decision.amountFen,
        // a reissued payment stays what it was; a month the run skipped is arrears
        kind: x.kind ?? 'arrears',
      });
    }
    return insertPayments(m, this.outbox, CHILD_ALLOWANCE_RUN, lines, issuedBy, this.clock.now(), true);
  }

  /** "审批和发放分离": whoever approved an allowance in force may not pay or confirm the run. */
  private async refuseOwnApprovals(m: EntityManager, userId: string, what: string): Promise<void> {
    const own: { grant_id: string }[] = await m.query(
      `SELECT grant_id FROM allowance WHERE approved_by = $1 AND status = 'active' ORDER BY grant_id LIMIT 5`,
      [userId],
    );
    if (own.length)
      throw ProblemException.forbidden(`user ${userId} approved allowances in force and may not ${what}`, {
        rule: 'separation-of-duties',
        grants: own.map((g) => g.grant_id),
      });
  }
}
