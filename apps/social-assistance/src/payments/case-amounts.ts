import { Clock } from '@civic/platform';
import { ParameterSet } from '@civic/policy-params';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { HouseholdChangeHook } from '../households/household-change-hook';
import { Household } from '../households/household.model';
import { ParametersService } from '../parameters/parameters.service';
import { amountSchedule, governingFirst, ScheduledAmount } from './amount-schedule';
import { MonthlyProgramme } from './payment-amount';
import { MONTHLY_PROGRAMMES } from './payment-run';

/** Cases whose amounts are kept decided: a monthly programme, approved (paying or about to), not terminated. */
const PAYABLE = `c.programme = ANY($1) AND c.effective_from IS NOT NULL AND c.status IN ('approved', 'active', 'suspended')`;

/** Decided with fewer scheduled values than there are now, or never decided. */
const DUE = `COALESCE(c.amounts_decided_with, -1) < (SELECT COALESCE(max(id), 0) FROM scheduled_parameter)`;

interface DueRow {
  case_id: string;
  programme: MonthlyProgramme;
  person_ref: string;
  snapshot: Household;
  /** The first 1st to decide again (the rows before it stay). */
  from_day: string;
}

/**
 * The amount each case is paid, decided when an input changes and stored in case_amount_decision
 * (docs/adr/0015-decided-case-amounts.md): on approval, on a household change (members, incomes,
 * assets, a hub record), on reinstatement, and for a parameter value scheduled at runtime by the
 * catch-up (run before every payment run and by the periodic scan). Each decision covers every later
 * 1st the known parameter dates and birthdays can change the amount on (amount-schedule.ts), so the
 * dated values of the files need no job on their effective day.
 */
@Injectable()
export class CaseAmounts implements HouseholdChangeHook {
  constructor(
    private readonly parameters: ParametersService,
    private readonly clock: Clock,
  ) {}

  /** A decision on the case (approval from its first paid month, reinstatement): decides from `from` on. */
  forCase(m: EntityManager, caseId: string, from: string, cause: string): Promise<number> {
    return this.decide(m, `c.case_id = $3`, [caseId], `$2::date`, governingFirst(from), cause);
  }

  /** A household change effective `effectiveDate`: its payable cases are decided again from the 1st it governs. */
  householdChanged(m: EntityManager, householdId: string, effectiveDate: string, change: string): Promise<number> {
    return this.decide(
      m,
      `c.household_id = $3`,
      [householdId],
      `$2::date`,
      governingFirst(effectiveDate),
      `household:${change}`,
    );
  }

  /**
   * Decides again every payable case decided before the last scheduled value (from the first 1st any
   * value scheduled since governs), and every case never decided (from its first paid month). One
   * statement when nothing is due.
   */
  async catchUp(m: EntityManager): Promise<number> {
    // the usual answer, cheaply: the cases alone (the decision's read joins every household's snapshot)
    const [{ due }] = await m.query(
      `SELECT EXISTS (SELECT 1 FROM assistance_case c WHERE ${PAYABLE} AND ${DUE}) AS due`,
      [MONTHLY_PROGRAMMES],
    );
    if (!due) return 0;
    // one catch-up at a time (two runs starting together would decide every case twice)
    await m.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.case-amounts.catch-up'))`);
    // $2 and $3 are unused: the shape of decide()'s statement
    return this.decide(
      m,
      `${DUE} AND $2::date IS NOT NULL AND $3::text IS NOT NULL`,
      ['catch-up'],
      `CASE WHEN c.amounts_decided_with IS NULL THEN c.effective_from
            ELSE (SELECT min(s.effective_from) FROM scheduled_parameter s WHERE s.id > c.amounts_decided_with) END`,
      '0001-01-01',
      'scheduled-parameter',
    );
  }

  private async decide(
    m: EntityManager,
    where: string,
    whereParams: unknown[],
    fromSql: string,
    from: string,
    cause: string,
  ): Promise<number> {
    const rows: DueRow[] = await m.query(
      `SELECT c.case_id, c.programme, c.person_ref, h.snapshot,
              to_char(greatest(c.effective_from, ${fromSql}), 'YYYY-MM-DD') AS from_day
         FROM assistance_case c JOIN household h ON h.household_id = c.household_id
        WHERE ${PAYABLE} AND ${where}
        ORDER BY c.case_id`,
      [MONTHLY_PROGRAMMES, from, ...whereParams],
    );
    if (rows.length === 0) return 0;
    const { params, mark } = await this.parameters.currentWithMark(m);
    await this.store(m, rows, params, mark, cause);
    return rows.length;
  }

  private async store(
    m: EntityManager,
    rows: DueRow[],
    params: ParameterSet,
    mark: number,
    cause: string,
  ): Promise<void> {
    const decided: { caseId: string; from: string; schedule: ScheduledAmount[] }[] = rows.map((r) => {
      const from = governingFirst(r.from_day);
      const subject = {
        caseId: r.case_id,
        programme: r.programme,
        household: r.snapshot,
        beneficiaryRef: r.person_ref,
        deathDate: null,
      };
      return { caseId: r.case_id, from, schedule: amountSchedule(subject, from, params) };
    });
    const flat = decided.flatMap((d) => d.schedule.map((s) => ({ caseId: d.caseId, ...s })));
    const today = this.clock.today();
    await m.query(
      `DELETE FROM case_amount_decision d USING unnest($1::text[], $2::date[]) AS u(case_id, from_day)
        WHERE d.case_id = u.case_id AND d.effective_from >= u.from_day`,
      [decided.map((d) => d.caseId), decided.map((d) => d.from)],
    );
    await m.query(
      `INSERT INTO case_amount_decision (case_id, effective_from, monthly_amount_fen, cause, basis, decided_on)
       SELECT u.case_id, u.effective_from, u.amount, $5, u.basis, $6::date
         FROM unnest($1::text[], $2::date[], $3::bigint[], $4::text[]) AS u(case_id, effective_from, amount, basis)
       -- a concurrent decision of the same case (a household change beside a catch-up) wrote the row: the later one holds
       ON CONFLICT (case_id, effective_from) DO UPDATE SET monthly_amount_fen = EXCLUDED.monthly_amount_fen,
         cause = EXCLUDED.cause, basis = EXCLUDED.basis, decided_on = EXCLUDED.decided_on, decided_at = now()`,
      [
        flat.map((f) => f.caseId),
        flat.map((f) => f.effectiveFrom),
        flat.map((f) => f.amountFen),
        flat.map((f) => f.basis),
        cause,
        today,
      ],
    );
    await m.query(`UPDATE assistance_case SET amounts_decided_with = $2 WHERE case_id = ANY($1)`, [
      decided.map((d) => d.caseId),
      mark,
    ]);
  }
}
