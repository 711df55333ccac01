import { createEvent, EventEnvelope, PaymentConfirmedV1, PaymentStoppedV1, Programme, Sources } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import {
  AuthenticatedUser,
  Clock,
  correlation,
  Filters,
  Page,
  pageOf,
  ProblemException,
  updateReturning,
} from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ParametersService } from '../parameters/parameters.service';
import { PaymentListQueryDto, RunListQueryDto } from './payment-input.dto';
import { RunOutcome, runPayments } from './payment-run';

const CHUNK = 5_000;

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
    private readonly parameters: ParametersService,
    private readonly clock: Clock,
  ) {}

  /**
   * Starts (or completes) the run of `month`; running a month again creates only what is missing,
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
      return runPayments(m, this.outbox, await this.parameters.current(m), month, user.sub, this.clock.now());
    });
  }

  /** The disburser confirms the bank transfer of every issued payment of the run. */
  async confirm(
    month: string,
    bankBatchRef: string,
    user: AuthenticatedUser,
  ): Promise<{ month: string; confirmed: number }> {
    return this.dataSource.transaction(async (m) => {
      const [run] = await m.query(`SELECT run_id FROM payment_run WHERE month = $1 FOR UPDATE`, [month]);
      if (!run) throw ProblemException.notFound('payment run', month);
      await this.refuseSeparatedDuties(
        m,
        user.sub,
        `SELECT p.case_id FROM payment p WHERE p.run_id = $1 AND p.status = 'issued'`,
        [run.run_id],
        'confirm the disbursement',
      );
      const today = this.clock.today();
      const rows = await updateReturning<PaymentRow>(
        m,
        `UPDATE payment SET status = 'confirmed', confirmed_on = $2 WHERE run_id = $1 AND status = 'issued' RETURNING ${PAYMENT_COLUMNS}`,
        [run.run_id, today],
      );
      await m.query(
        `UPDATE payment_run SET confirmed_by = $2, confirmed_at = now(), bank_batch_ref = $3 WHERE run_id = $1`,
        [run.run_id, user.sub, bankBatchRef],
      );
      const events = rows.map((r) =>
        createEvent(
          PaymentConfirmedV1,
          { ...facts(r), confirmedOn: today, bankBatchRef },
          { source: Sources.assistance, correlationId: correlation.current() },
        ),
      );
      for (let i = 0; i < events.length; i += CHUNK) await this.outbox.appendAll(m, events.slice(i, i + CHUNK));
      return { month, confirmed: rows.length };
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
  async report(month: string, user: AuthenticatedUser) {
    const [run] = await this.dataSource.query(
      `SELECT run_id, month, started_by, started_at, confirmed_by, confirmed_at FROM payment_run WHERE month = $1`,
      [month],
    );
    if (!run) throw ProblemException.notFound('payment run', month);
    const f = new Filters().eq('run_id', run.run_id).towns('town', user);
    const where = `${f.where()} AND status <> 'stopped'`;
    const sum = (group: string) =>
      this.dataSource.query(
        `SELECT ${group} AS key, count(*)::int AS count, sum(amount_fen)::text AS total_fen FROM payment ${where} GROUP BY ${group} ORDER BY ${group}`,
        f.params,
      );
    const [[totals], byProgramme, byTown, [stopped]] = await Promise.all([
      this.dataSource.query(
        `SELECT count(*)::int AS count, COALESCE(sum(amount_fen), 0)::text AS total_fen, count(*) FILTER (WHERE flagged_after_death)::int AS flagged FROM payment ${where}`,
        f.params,
      ),
      sum('programme'),
      sum('town'),
      this.dataSource.query(`SELECT count(*)::int AS count FROM payment ${f.where()} AND status = 'stopped'`, f.params),
    ]);
    const rows = (list: { key: string; count: number; total_fen: string }[]) =>
      Object.fromEntries(list.map((r) => [r.key, { count: r.count, totalFen: Number(r.total_fen) }]));
    return {
      runId: run.run_id,
      month,
      startedBy: run.started_by,
      confirmedBy: run.confirmed_by,
      count: totals.count,
      totalFen: Number(totals.total_fen),
      flaggedAfterDeath: totals.flagged,
      stopped: stopped.count,
      byProgramme: rows(byProgramme),
      byTown: rows(byTown),
    };
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
  async stopAfterDeath(
    m: EntityManager,
    personRef: string,
    deathDate: string,
    cause: EventEnvelope,
  ): Promise<{ flagged: number; stopped: number }> {
    const flagged = await updateReturning<PaymentRow>(
      m,
      `UPDATE payment SET flagged_after_death = true WHERE person_ref = $1 AND to_date(month || '-01', 'YYYY-MM-DD') > $2 AND status <> 'stopped' RETURNING ${PAYMENT_COLUMNS}`,
      [personRef, deathDate],
    );
    const today = this.clock.today();
    const toStop = flagged.filter((p) => p.status === 'issued');
    if (toStop.length) {
      await m.query(
        `UPDATE payment SET status = 'stopped', stopped_on = $2, stop_reason = 'death' WHERE payment_id = ANY($1)`,
        [toStop.map((p) => p.payment_id), today],
      );
      const reason = `Death recorded on ${deathDate}; no payment for a month starting after the date of death.`;
      await this.outbox.appendAll(
        m,
        toStop.map((p) =>
          createEvent(
            PaymentStoppedV1,
            { ...facts(p), stoppedOn: today, reasonCode: 'death', reason, causeEventId: cause.id },
            { source: Sources.assistance, correlationId: cause.correlationid, causationId: cause.id },
          ),
        ),
      );
    }
    return { flagged: flagged.length, stopped: toStop.length };
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

function facts(p: PaymentRow) {
  return {
    paymentId: p.payment_id,
    runMonth: p.month,
    caseId: p.case_id,
    personRef: p.person_ref,
    programme: p.programme,
    amountFen: Number(p.amount_fen),
    town: p.town,
  };
}
