import { DeathRecordedV1Payload, EventEnvelope, EventOrigin } from '@civic/contracts';
import { AuditLog, Clock } from '@civic/platform';
import { ParameterSet } from '@civic/policy-params';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, CaseCommand } from '../cases/case-workflow';
import { CaseRow, CasesService } from '../cases/cases.service';
import { Outbox } from '@civic/messaging';
import { ParametersService } from '../parameters/parameters.service';
import { arrears, MonthlyProgramme, monthlyAmount } from '../payments/payment-amount';
import { insertPayments, MONTHLY_PROGRAMMES, PaymentLine, paymentId } from '../payments/payment-run';
import { PaymentsService } from '../payments/payments.service';
import { HouseholdsService } from '../households/households.service';
import { ASSISTANCE_SOURCE } from '../persistence/event-origin';

/** The system acting on a data-hub record: case management only, never a separated duty. */
export const HUB_ACTOR: Actor = { userId: 'system.data-hub', roles: ['caseworker'] };

/**
 * Reactions to hub death records (docs/domain.md "Policy finds people": a death stops every payment to
 * that person). informal → the person's active cases are suspended; formal → terminated; both stop
 * payments for months starting after the death and flag any already confirmed. revoked → cases the
 * hub record suspended are reinstated, and cases the revoked record terminated are reopened, each
 * paid every month it missed (docs/adr/0009-revoked-death-records.md). State-guarded, so a
 * repeated record changes nothing.
 */
@Injectable()
export class DeathReactions {
  private readonly logger = new Logger('death-reactions');

  constructor(
    private readonly cases: CasesService,
    private readonly payments: PaymentsService,
    private readonly households: HouseholdsService,
    private readonly parameters: ParametersService,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {}

  async apply(m: EntityManager, event: EventEnvelope<DeathRecordedV1Payload>): Promise<void> {
    const d = event.data;
    const origin: EventOrigin = {
      source: ASSISTANCE_SOURCE,
      correlationId: event.correlationid,
      causationId: event.id,
    };
    if (d.status === 'revoked') return this.revoke(m, event, origin);

    // a formal record is never downgraded by a late informal one
    await m.query(
      `INSERT INTO person_death (person_ref, record_id, death_date, status, cause_event_id) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (person_ref) DO UPDATE SET record_id = EXCLUDED.record_id, death_date = EXCLUDED.death_date, status = EXCLUDED.status, cause_event_id = EXCLUDED.cause_event_id, recorded_at = now()
       WHERE NOT (person_death.status = 'formal' AND EXCLUDED.status = 'informal')`,
      [d.personRef, d.recordId, d.deathDate, d.status, event.id],
    );
    const formal = d.status === 'formal';
    const from = formal ? ['active', 'suspended', 'active-emergency'] : ['active'];
    const rows: { case_id: string }[] = await m.query(
      `SELECT case_id FROM assistance_case WHERE person_ref = $1 AND status = ANY($2) ORDER BY case_id`,
      [d.personRef, from],
    );
    const reason = formal
      ? `Formal death record from the data hub (died ${d.deathDate}).`
      : `Informal death record from the data hub (died ${d.deathDate}); awaiting the formal record.`;
    for (const { case_id } of rows) {
      const result = await this.cases.decideIn(
        m,
        case_id,
        formal ? { type: 'terminate', reason, deathEventId: event.id } : { type: 'suspend', reason },
        HUB_ACTOR,
        {
          origin,
          stop: { reasonCode: 'death', causeEventId: event.id, systemActor: true },
        },
      );
      if (!result.ok)
        this.logger.warn(
          `case ${case_id} not stopped: ${'currentState' in result.error ? result.error.currentState : result.error.reason}`,
        );
    }
    await this.payments.stopAfterDeath(m, d.personRef, d.deathDate, event);
  }

  private async revoke(
    m: EntityManager,
    event: EventEnvelope<DeathRecordedV1Payload>,
    origin: EventOrigin,
  ): Promise<void> {
    const d = event.data;
    const [current] = await m.query(
      `SELECT record_id, status, cause_event_id FROM person_death WHERE person_ref = $1 FOR UPDATE`,
      [d.personRef],
    );
    if (!current || current.status === 'revoked') return;
    if (d.revokesRecordId && d.revokesRecordId !== current.record_id) return; // revokes a record already superseded
    await m.query(
      `UPDATE person_death SET status = 'revoked', record_id = $2, cause_event_id = $3, recorded_at = now() WHERE person_ref = $1`,
      [d.personRef, d.recordId, event.id],
    );

    // Only stops the hub's record caused are undone: a suspension whose last decision is the hub's
    // (a caseworker's own suspension stays), and a termination by the very record revoked here
    // (any other termination is final; case-workflow.ts checks it again).
    const stopped: { case_id: string; status: string }[] = await m.query(
      `SELECT c.case_id, c.status FROM assistance_case c
        WHERE c.person_ref = $1
          AND ((c.status = 'suspended'
                AND (SELECT who FROM case_decision x WHERE x.case_id = c.case_id ORDER BY seq DESC LIMIT 1) = $2)
            OR (c.status = 'terminated' AND c.state->'terminatedByDeath'->>'eventId' = $3))
        ORDER BY c.case_id`,
      [d.personRef, HUB_ACTOR.userId, current.cause_event_id],
    );
    const today = this.clock.today();
    const params = await this.parameters.current(m);
    for (const { case_id, status } of stopped) {
      const before: CaseRow = await this.cases.load(m, case_id, true);
      const reason = 'The data hub revoked the death record.';
      const command: CaseCommand =
        status === 'terminated'
          ? { type: 'reverse-death-termination', reason, deathEventId: current.cause_event_id }
          : { type: 'reinstate', reason };
      const result = await this.cases.decideIn(m, case_id, command, HUB_ACTOR, { origin, causeEventId: event.id });
      if (!result.ok || !result.decision) continue;
      const paid = (MONTHLY_PROGRAMMES as readonly string[]).includes(before.programme)
        ? await this.payMissedMonths(m, before, today, params)
        : [];
      await this.audit.append(m, {
        actor: HUB_ACTOR.userId,
        action: `case.${command.type}`,
        objectType: 'case',
        objectId: case_id,
        detail: {
          from: result.decision.from,
          to: result.decision.to,
          personRef: d.personRef,
          revokedRecordId: current.record_id,
          revocationRecordId: d.recordId,
          causeEventId: event.id,
          paidMonths: paid.map((l) => ({ month: l.month, kind: l.kind, amountFen: l.amountFen })),
        },
      });
    }
  }

  /**
   * Every month the death record kept from the case is paid exactly once (docs/adr/0009): months
   * from the stop to today with no payment are paid as arrears; a payment stopped because of the
   * death is reissued as itself (same id and month, status issued again), whatever its month.
   */
  private async payMissedMonths(
    m: EntityManager,
    before: CaseRow,
    today: string,
    params: ParameterSet,
  ): Promise<PaymentLine[]> {
    const rows: { month: string; status: string; stop_reason: string | null; kind: PaymentLine['kind'] }[] =
      await m.query(`SELECT month, status, stop_reason, kind FROM payment WHERE case_id = $1`, [before.case_id]);
    const stoppedByDeath = (r: { status: string; stop_reason: string | null }) =>
      r.status === 'stopped' && r.stop_reason === 'death';
    const reissue = rows.filter(stoppedByDeath).map((r) => r.month);
    const kindOf = new Map(rows.filter(stoppedByDeath).map((r) => [r.month, r.kind]));
    const settled = rows.filter((r) => !stoppedByDeath(r)).map((r) => r.month);
    const stoppedOn = before.state.suspendedOn ?? before.state.terminatedByDeath?.on ?? today;
    const from = [stoppedOn.slice(0, 7), ...reissue].sort()[0];
    const subject = {
      caseId: before.case_id,
      programme: before.programme as MonthlyProgramme,
      household: (await this.households.load(m, before.household_id)).snapshot,
      beneficiaryRef: before.person_ref,
      deathDate: null,
    };
    const thisMonth = today.slice(0, 7);
    const owed = [
      ...arrears(subject, `${from}-01`, today, settled, params).months,
      ...reissue.filter((x) => x > thisMonth).map((x) => monthlyAmount(subject, x, params)),
    ];
    // never for a month before the case started paying
    const firstMonth = before.effective_from?.slice(0, 7) ?? '0000-00';
    const lines: PaymentLine[] = owed
      .filter((x) => x.amountFen > 0 && x.month >= firstMonth)
      .map((x) => ({
        paymentId: paymentId(x.month, before.case_id),
        runId: null,
        caseId: before.case_id,
        month: x.month,
        personRef: before.person_ref,
        programme: before.programme,
        town: before.town,
        amountFen: x.amountFen,
        // a reissued payment stays what it was; a month never paid is arrears
        kind: kindOf.get(x.month) ?? 'arrears',
      }));
    return insertPayments(m, this.outbox, lines, HUB_ACTOR.userId, this.clock.now(), true);
  }
}
