import { EventEnvelope, Programme } from '@civic/contracts';
import { confirmRun, runReport, stopAfterDeath } from '@civic/monthly-run';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { PaymentListQueryDto, RunListQueryDto } from './payment-input.dto';
import { ASSISTANCE_RUN } from './assistance-run-spec';
import { CaseAmounts } from './case-amounts';
import { RunOutcome, runPayments } from './payment-run';

export interface PaymentRow {
  payment_id: string;
  run_id: string | null;
  case_id: string;
  month: string;
  person_ref: string;
  programme: Programme;
  town: string;
  amount_fen: string;
  kind: string;
  status: string;
  issued_on: string;
  issued_by: string;
  confirmed_on: string | null;
  stopped_on: string | null;
  stop_reason: string | null;
  flagged_after_death: boolean;
}

const PAYMENT_COLUMNS = `payment_id, run_id, case_id, month, person_ref, programme, town, amount_fen, kind, status, to_char(issued_on, 'YYYY-MM-DD') AS issued_on, issued_by,
  to_char(confirmed_on, 'YYYY-MM-DD') AS confirmed_on, to_char(stopped_on, 'YYYY-MM-DD') AS stopped_on, stop_reason, flagged_after_death`;

/** Payment runs, confirmation by a disburser, reports, and stops after a death. */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly amounts: CaseAmounts,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts (or completes) the run of `month`: every active case is paid the amount decided for the
   * month's 1st; running a month again creates only what is missing,
   * and reissues a payment stopped for a death since revoked (docs/adr/0009-revoked-death-records.md).
   */
  async start(requested: string | undefined, user: AuthenticatedUser): Promise<RunOutcome> {
    const month = requested ?? this.clock.today().slice(0, 7);
    return this.dataSource.transaction(async (m) => {
      // "审批和发放分离": whoever reviewed or approved an active case may not issue its payment
      await this.refuseSeparatedDuties(
        m,
        user.sub,
        `SELECT c.case_id FROM assistance_case c WHERE c.status = 'active'`,
        [],
        'start the payment run',
      );
      // amounts are decided when their inputs change; a value scheduled since the last decisions is
      // decided here first (one statement when none is), so the run pays what is in force on the 1st
      await this.amounts.catchUp(m);
      return runPayments(m, month, user.sub, this.clock.now());
    });
  }

  /** The disburser confirms the bank transfer of every issued payment of the run. */
  async confirm(
    month: string,
    bankBatchRef: string,
    user: AuthenticatedUser,
  ): Promise<{ month: string; confirmed: number }> {
    return this.dataSource.transaction(async (m) => {
      await this.refuseSeparatedDuties(
        m,
        user.sub,
        `SELECT p.case_id FROM payment p JOIN payment_run r ON r.run_id = p.run_id WHERE r.month = $1 AND p.status = 'issued'`,
        [month],
        'confirm the disbursement',
      );
      return confirmRun(m, this.outbox, ASSISTANCE_RUN, month, bankBatchRef, user.sub, this.clock.today());
    });
  }

  async runs(q: RunListQueryDto): Promise<Page<Record<string, unknown>>> {
    return pageOf(
      this.dataSource.manager,
      'run_id, month, started_by, started_at, confirmed_by, confirmed_at, bank_batch_ref',
      'payment_run',
      new Filters(),
      'month DESC',
      q,
      (r: Record<string, unknown>) => r,
    );
  }

  /** Count, total, by programme and by town, over the run's payments that are not stopped (restricted to the caller's towns). */
  report(month: string, user: AuthenticatedUser) {
    return runReport(this.dataSource.manager, ASSISTANCE_RUN, month, user);
  }

  list(q: PaymentListQueryDto, user: AuthenticatedUser): Promise<Page<PaymentRow>> {
    const f = new Filters()
      .eq('month', q.month)
      .eq('town', q.town)
      .eq('programme', q.programme)
      .eq('status', q.status)
      .eq('case_id', q.caseId)
      .eq('person_ref', q.personRef)
      .eq('flagged_after_death', q.flaggedAfterDeath)
      .towns('town', user);
    return pageOf<PaymentRow, PaymentRow>(
      this.dataSource.manager,
      PAYMENT_COLUMNS,
      'payment',
      f,
      'month, payment_id',
      q,
      (r) => r,
    );
  }

  /**
   * A recorded death: every payment of the person for a month starting after the death date is an
   * audit finding (flagged); those not yet confirmed are stopped, each with assistance.payment.stopped.
   */
  stopAfterDeath(
    m: EntityManager,
    personRef: string,
    deathDate: string,
    cause: EventEnvelope,
  ): Promise<{ flagged: number; stopped: number }> {
    return stopAfterDeath(m, this.outbox, ASSISTANCE_RUN, personRef, deathDate, this.clock.today(), cause);
  }

  private async refuseSeparatedDuties(
    m: EntityManager,
    userId: string,
    casesSql: string,
    params: unknown[],
    what: string,
  ): Promise<void> {
    const n = params.length;
    const conflicts: { case_id: string; duty: string }[] = await m.query(
      `SELECT DISTINCT d.case_id, d.duty FROM case_decision d WHERE d.who = $${n + 1} AND d.duty IN ('review', 'approval') AND d.case_id IN (${casesSql}) ORDER BY d.case_id LIMIT 5`,
      [...params, userId],
    );
    if (conflicts.length) {
      const list = conflicts.map((c) => `${c.case_id} (${c.duty})`).join(', ');
      throw ProblemException.forbidden(
        `user ${userId} acted as review or approval on cases of this run and may not ${what}: ${list}`,
        { rule: 'separation-of-duties', cases: conflicts.map((c) => c.case_id) },
      );
    }
  }
}
