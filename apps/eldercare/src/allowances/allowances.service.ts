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
import { Grant, GRANT_COLUMNS, grantOf, insertGrant, resumeGrantsStoppedByDeath, stopGrants } from './grants';

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
    const minAge = this.params.set.valueAt('elder.high_age_allowance.min_age', today).value as number;
    const bornBy = addMonths(today, -12 * minAge);
    return this.dataSource.transaction(async (m) => {
      // one run at a time: two concurrent runs would both see no grant (the unique index would then refuse one)
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('eldercare.high-age-run'))`);
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
        const band = highAgeBand(elder.birthDate, this.params.set, today);
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
   * Stops the care subsidy of every elder who no longer qualifies on `today` (economic status ended, or a
   * reassessment found a lighter level); the last covered day is `today`.
   */
  async reviewCareSubsidies(today: string): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows = await m.query(
        `SELECT e.* FROM (SELECT ${ELDER_COLUMNS} FROM elder WHERE status = 'active') e
         JOIN allowance_grant g ON g.elder_id = e.elder_id AND g.allowance = 'care-subsidy' AND g.status = 'active'
         ORDER BY e.elder_id FOR UPDATE OF g`,
      );
      let stopped = 0;
      for (const r of rows) {
        const elder = elderOf(r);
        if (careSubsidy(elder, this.params.set, today)) continue;
        stopped += await stopGrants(
          m,
          this.outbox,
          elder,
          today,
          'no-longer-eligible',
          scheduledOrigin(),
          'care-subsidy',
        );
      }
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
        const decision = careSubsidy(elder, this.params.set, today);
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
