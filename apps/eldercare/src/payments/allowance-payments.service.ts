import { EventEnvelope } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import {
  confirmRun,
  insertPayments,
  paymentColumns,
  PaymentLine,
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
import { decidedAmountSql } from '../allowances/grants';
import { loadElder } from '../elders/elder-record';
import { assertInArea } from '../persistence/area';
import { ALLOWANCE_RUN, allowancePaymentId } from './allowance-run-spec';

/** Who issues the payments a revoked death record makes owed again (no person decides them). */
const REVOCATION_ACTOR = 'system.data-hub';

/**
 * The monthly allowance run (docs/domain.md §2 benefits) on the shared monthly-run machinery: every grant
 * in force on the month's first day pays once the amount stored as decided for that day (allowance_decision); a grant stopped (death, band change) before
 * that day pays nothing; a death recorded after a run stops the issued payments of later months.
 */
@Injectable()
export class AllowancePaymentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async start(requested: string | undefined, user: AuthenticatedUser): Promise<RunOutcome> {
    const month = requested ?? this.clock.today().slice(0, 7);
    const firstDay = `${month}-01`;
    return this.dataSource.transaction(async (m) => {
      await this.refuseOwnGrants(m, user.sub, 'start the allowance run');
      let rerun: boolean | undefined;
      return runMonth(m, this.outbox, ALLOWANCE_RUN, month, user.sub, this.clock.now(), async (after, limit) => {
        // Asked once, under the run's lock: does the month have payments from before this run? Only then
        // are they filtered out here. The first run of a month needs no filter (the unique key still holds),
        // and the filter is what made it quadratic: planned on a payment table whose statistics say empty,
        // it scans the table this run is filling once per grant (docs/benchmarks.md, Eldercare).
        rerun ??= (
          await m.query(`SELECT EXISTS (SELECT 1 FROM allowance_payment WHERE month = $1) AS paid`, [month])
        )[0].paid as boolean;
        const rows: Record<string, string>[] = await m.query(
          `SELECT g.grant_id, g.elder_id, g.allowance, ${decidedAmountSql('g', '$1::date')}::text AS amount, e.person_ref, e.town,
                  to_char(e.death_date, 'YYYY-MM-DD') AS death_date
             FROM allowance_grant g JOIN elder e ON e.elder_id = g.elder_id
            WHERE g.effective_from <= $1 AND (g.stopped_on IS NULL OR g.stopped_on >= $1) AND g.grant_id > $2
              ${
                rerun
                  ? `AND NOT EXISTS (SELECT 1 FROM allowance_payment p WHERE p.elder_id = g.elder_id AND p.programme = g.allowance AND p.month = $3
                                      AND NOT (p.status = 'stopped' AND p.stop_reason = 'death'))`
                  : 'AND $3::text IS NOT NULL'
              }
            ORDER BY g.grant_id LIMIT $4`,
          [firstDay, after, month, limit],
        );
        return rows.map((r): RunCandidate => {
          const deceased = r.death_date !== null && r.death_date < firstDay;
          return {
            cursor: r.grant_id,
            line: {
              paymentId: allowancePaymentId(month, r.elder_id, r.allowance as 'high-age' | 'care-subsidy'),
              subjectId: r.elder_id,
              personRef: r.person_ref,
              programme: r.allowance,
              town: r.town,
              amountFen: deceased ? 0 : Number(r.amount),
            },
            ...(deceased ? { skip: 'deceased' as const } : {}),
          };
        });
      });
    });
  }

  async confirm(month: string, bankBatchRef: string, user: AuthenticatedUser) {
    return this.dataSource.transaction(async (m) => {
      await this.refuseOwnGrants(m, user.sub, 'confirm the disbursement');
      return confirmRun(m, this.outbox, ALLOWANCE_RUN, month, bankBatchRef, user.sub, this.clock.today());
    });
  }

  report(month: string, user: AuthenticatedUser) {
    return runReport(this.dataSource.manager, ALLOWANCE_RUN, month, user);
  }

  async forElder(elderId: string, user: AuthenticatedUser) {
    const elder = await loadElder(this.dataSource.manager, elderId);
    assertInArea(user, elder.town, `elder ${elderId}`);
    const rows = await this.dataSource.query(
      `SELECT ${paymentColumns(ALLOWANCE_RUN)} FROM allowance_payment WHERE elder_id = $1 ORDER BY month, programme`,
      [elderId],
    );
    return rows.map((r: Record<string, unknown>) => storedPayment(ALLOWANCE_RUN, r));
  }

  /** A death recorded after a run: issued payments of later months stop (confirmed ones are flagged). */
  stopAfterDeath(m: EntityManager, personRef: string, deathDate: string, cause: EventEnvelope) {
    return stopAfterDeath(m, this.outbox, ALLOWANCE_RUN, personRef, deathDate, this.clock.today(), cause);
  }

  /**
   * A revoked death record (docs/adr/0009-revoked-death-records.md): every month already run while the
   * elder was taken for dead is paid once. A payment stopped for the death is reissued in place (same id,
   * month, run and kind); a month whose run skipped the elder gets an arrears payment. Months not run yet
   * are left to their run. Each at the amount in force on that month's first day; nothing twice (the unique key).
   */
  async reissueAfterRevokedDeath(m: EntityManager, elderId: string): Promise<PaymentLine[]> {
    const rows: Record<string, string>[] = await m.query(
      `SELECT r.month, g.allowance, ${decidedAmountSql('g', "to_date(r.month || '-01', 'YYYY-MM-DD')")}::text AS amount,
              e.person_ref, e.town, p.kind
         FROM allowance_payment_run r
         JOIN elder e ON e.elder_id = $1
         JOIN allowance_grant g ON g.elder_id = e.elder_id AND g.status = 'active'
          AND g.effective_from <= to_date(r.month || '-01', 'YYYY-MM-DD')
         LEFT JOIN allowance_payment p ON p.elder_id = g.elder_id AND p.programme = g.allowance AND p.month = r.month
        WHERE p.payment_id IS NULL OR (p.status = 'stopped' AND p.stop_reason = 'death')
        ORDER BY r.month, g.allowance`,
      [elderId],
    );
    const lines = rows.map((r): PaymentLine => ({
      paymentId: allowancePaymentId(r.month, elderId, r.allowance as 'high-age' | 'care-subsidy'),
      runId: null,
      subjectId: elderId,
      month: r.month,
      personRef: r.person_ref,
      programme: r.allowance,
      town: r.town,
      amountFen: Number(r.amount),
      kind: (r.kind as PaymentLine['kind'] | null) ?? 'arrears',
    }));
    return insertPayments(m, this.outbox, ALLOWANCE_RUN, lines, REVOCATION_ACTOR, this.clock.now(), true);
  }

  /** "审批和发放分离": whoever granted an allowance in force may not pay or confirm the run. */
  private async refuseOwnGrants(m: EntityManager, userId: string, what: string): Promise<void> {
    const own: { grant_id: string }[] = await m.query(
      `SELECT grant_id FROM allowance_grant WHERE granted_by = $1 AND status = 'active' ORDER BY grant_id LIMIT 5`,
      [userId],
    );
    if (own.length)
      throw ProblemException.forbidden(`user ${userId} granted allowances in force and may not ${what}`, {
        rule: 'separation-of-duties',
        grants: own.map((g) => g.grant_id),
      });
  }
}
