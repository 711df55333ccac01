import { addMonths, dayBefore } from '@civic/calendar';
import { EventOrigin } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { assertAlive, ELDER_COLUMNS, elderOf, loadElder } from '../elders/elder-record';
import { ElderParameters } from '../parameters/elder-parameters';
import { assertInArea, isUniqueViolation } from '../persistence/area';
import { requestOrigin, scheduledOrigin } from '../persistence/event-origin';
import { careSubsidy } from '../rules/care-subsidy-amount';
import { highAgeBand } from '../rules/high-age-band';
import {
  Grant,
  GRANT_COLUMNS,
  grantOf,
  insertGrant,
  redecideGrant,
  repriceGrantsOnKey,
  resumeGrantsStoppedByDeath,
  stopGrants,
} from './grants';

/** The system granting by date, not by request. */
const SYSTEM = 'system.eldercare-daily';

/**
 * The high-age allowance and the care subsidy (docs/domain.md §2). The high-age allowance follows the
 * date: the daily run grants it from the birthday that reaches the dated minimum age and replaces the
 * grant when a birthday reaches the next band. The care subsidy is enrolled by a clerk (after a
 * policy-engine alert in the work queue) with the amount the dated parameters give the elder's status and level.
 */
@Injectable()
export class AllowancesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly params: ElderParameters,
    private readonly clock: Clock,
  ) {}

  /** Grants or re-bands the high-age allowance of every living elder who is in a band on `today`. */
  async grantHighAge(today: string): Promise<{ granted: number; rebanded: number }> {
    return this.dataSource.transaction(async (m) => {
      // one run at a time: two concurrent runs would both see no grant (the unique index would then refuse one)
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('eldercare.high-age-run'))`);
      const params = await this.params.current(m);
      const minAge = params.valueAt('elder.high_age_allowance.min_age', today).value as number;
      const bornBy = addMonths(today, -12 * minAge);
      const rows = await m.query(
        `SELECT e.*, g.grant_id, g.parameter_key
         FROM (SELECT ${ELDER_COLUMNS} FROM elder WHERE status = 'active' AND birth_date <= $1) e
         LEFT JOIN allowance_grant g ON g.elder_id = e.elder_id AND g.allowance = 'high-age' AND g.status = 'active'
         ORDER BY e.elder_id`,
        [bornBy],
      );
      let granted = 0;
      let rebanded = 0;
      for (const r of rows) {
        const elder = elderOf(r);
        const band = highAgeBand(elder.birthDate, params, today);
        if (!band || r.parameter_key === band.key) continue;
        const effectiveFrom = band.from > elder.registeredOn ? band.from : elder.registeredOn;
        if (r.grant_id) {
          await stopGrants(
            m,
            this.outbox,
            elder,
            dayBefore(effectiveFrom),
            'band-change',
            scheduledOrigin(),
            'high-age',
          );
          rebanded++;
        } else granted++;
        await insertGrant(
          m,
          this.outbox,
          elder,
          {
            allowance: 'high-age',
            monthlyAmountFen: band.monthlyAmountFen,
            effectiveFrom,
            parameterKey: band.key,
            parameterFrom: params.valueAt(band.key, today).effectiveFrom,
            basis: `Age band ${band.age}+ reached on ${band.from} (${band.key}).`,
            grantedBy: SYSTEM,
          },
          scheduledOrigin(),
        );
      }
      return { granted, rebanded };
    });
  }

  /**
   * Decides every grant in force again with the parameter values in force on `today` (docs/domain.md §2
   * "Benefits"): a value that took effect (a new band amount, a new care-subsidy amount, scheduled at
   * runtime or in the files) re-prices the grants decided on its key from its effective day. Run daily,
   * so the re-decision happens on the day the value takes effect; a missed day is caught up, still dated
   * from the value's effective day.
   */
  async repriceForParameters(today: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('eldercare.high-age-run'))`);
      const params = await this.params.current(m);
      const keys: { parameter_key: string }[] = await m.query(
        `SELECT DISTINCT parameter_key FROM allowance_grant WHERE status = 'active' ORDER BY parameter_key`,
      );
      let repriced = 0;
      for (const { parameter_key: key } of keys) {
        const value = params.valueAt(key, today);
        repriced += await repriceGrantsOnKey(
          m,
          this.outbox,
          key,
          params.fenAt(key, today),
          value.effectiveFrom,
          today,
          scheduledOrigin(),
        );
      }
      return repriced;
    });
  }

  /**
   * Decides the elder's care subsidy again after its inputs changed on `on` (economic status, ability
   * level): stopped (last covered day `on`) when no longer eligible, re-priced from `on` when the amount
   * or its parameter changed, untouched otherwise. In the caller's transaction.
   */
  async redecideCareSubsidy(
    m: EntityManager,
    elderId: string,
    on: string,
    origin: EventOrigin,
  ): Promise<'stopped' | 'redecided' | 'unchanged'> {
    const [row] = await m.query(
      `SELECT ${GRANT_COLUMNS} FROM allowance_grant WHERE elder_id = $1 AND allowance = 'care-subsidy' AND status = 'active' FOR UPDATE`,
      [elderId],
    );
    if (!row) return 'unchanged';
    const elder = await loadElder(m, elderId);
    const decision = careSubsidy(elder, await this.params.current(m), on);
    if (!decision) {
      await stopGrants(m, this.outbox, elder, on, 'no-longer-eligible', origin, 'care-subsidy');
      return 'stopped';
    }
    const changed = await redecideGrant(
      m,
      this.outbox,
      elder,
      grantOf(row),
      {
        monthlyAmountFen: decision.monthlyAmountFen,
        parameterKey: decision.parameter.key,
        parameterFrom: decision.parameter.effectiveFrom,
        basis: decision.basis,
      },
      on,
      on,
      origin,
    );
    return changed ? 'redecided' : 'unchanged';
  }

  /**
   * Catches up what an input change should have decided (e.g. a grant made before this rule existed):
   * every active care subsidy is decided again on `today`; returns how many stopped.
   */
  async reviewCareSubsidies(today: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows: { elder_id: string }[] = await m.query(
        `SELECT g.elder_id FROM allowance_grant g JOIN elder e ON e.elder_id = g.elder_id AND e.status = 'active'
          WHERE g.allowance = 'care-subsidy' AND g.status = 'active' ORDER BY g.elder_id`,
      );
      let stopped = 0;
      for (const r of rows)
        if ((await this.redecideCareSubsidy(m, r.elder_id, today, scheduledOrigin())) === 'stopped') stopped++;
      return stopped;
    });
  }

  /** Enrols the elder in the care subsidy with the amount their economic status and ability level give today. */
  async enrolCareSubsidy(elderId: string, user: AuthenticatedUser): Promise<Grant> {
    const today = this.clock.today();
    try {
      return await this.dataSource.transaction(async (m) => {
        const elder = await loadElder(m, elderId, true);
        assertInArea(user, elder.town, `elder ${elderId}`);
        assertAlive(elder);
        const decision = careSubsidy(elder, await this.params.current(m), today);
        if (!decision)
          throw ProblemException.conflict(
            `elder ${elderId} is not eligible for the care subsidy on ${today}: ability level ${elder.abilityLevel ?? 'not assessed'}, economic status ${elder.economicStatus}`,
            {
              rule: 'care-subsidy.eligibility',
              abilityLevel: elder.abilityLevel,
              economicStatus: elder.economicStatus,
            },
          );
        const grantId = await insertGrant(
          m,
          this.outbox,
          elder,
          {
            allowance: 'care-subsidy',
            monthlyAmountFen: decision.monthlyAmountFen,
            effectiveFrom: today,
            parameterKey: decision.parameter.key,
            parameterFrom: decision.parameter.effectiveFrom,
            basis: decision.basis,
            grantedBy: user.sub,
          },
          requestOrigin(),
        );
        return this.load(m, grantId);
      });
    } catch (e) {
      if (isUniqueViolation(e, 'allowance_grant_one_active'))
        throw ProblemException.conflict(`elder ${elderId} already receives the care subsidy`, {
          rule: 'allowance.one-active-grant',
        });
      throw e;
    }
  }

  async list(elderId: string, user: AuthenticatedUser): Promise<Grant[]> {
    const elder = await loadElder(this.dataSource.manager, elderId);
    assertInArea(user, elder.town, `elder ${elderId}`);
    const rows = await this.dataSource.query(
      `SELECT ${GRANT_COLUMNS} FROM allowance_grant WHERE elder_id = $1 ORDER BY effective_from, granted_at`,
      [elderId],
    );
    return rows.map(grantOf);
  }

  /** Stops every active grant of a person who died (the last covered day is the death date). */
  async stopForDeath(m: EntityManager, elderId: string, deathDate: string, origin: EventOrigin): Promise<number> {
    const elder = await loadElder(m, elderId);
    return stopGrants(m, this.outbox, elder, deathDate, 'death', origin);
  }

  /** A revoked death record: the grants the death stopped run again (see resumeGrantsStoppedByDeath). */
  async resumeAfterRevokedDeath(m: EntityManager, elderId: string, origin: EventOrigin): Promise<Grant[]> {
    return resumeGrantsStoppedByDeath(m, this.outbox, await loadElder(m, elderId), origin);
  }

  private async load(m: EntityManager, grantId: string): Promise<Grant> {
    const [row] = await m.query(`SELECT ${GRANT_COLUMNS} FROM allowance_grant WHERE grant_id = $1`, [grantId]);
    return grantOf(row);
  }
}
