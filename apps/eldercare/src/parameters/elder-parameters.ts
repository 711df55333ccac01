import { ParameterValueScheduledV1Payload } from '@civic/contracts';
import { loadParameters, ParameterSet, ScheduledValue, validateScheduledValue } from '@civic/policy-params';
import { Injectable, Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * The dated policy values eldercare decides with (libs/policy-params/parameters/elder.yaml). Every
 * look-up takes the business date, so a rule reads the value in force that day. `set` is the files
 * alone (limits, intervals, score bands); allowance amounts are decided with `current(m)`, which adds
 * the values their owning services scheduled at runtime (policy.parameter.value-scheduled).
 */
@Injectable()
export class ElderParameters {
  readonly set: ParameterSet = loadParameters();
  private readonly logger = new Logger('elder-parameters');

  /** Files plus every scheduled value received, read in `m`'s transaction. */
  async current(m: EntityManager): Promise<ParameterSet> {
    const rows: ScheduledValue[] = await m.query(
      `SELECT key, value, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", source, scheduled_by AS "scheduledBy"
         FROM scheduled_parameter ORDER BY received_at, key`,
    );
    return rows.length ? this.set.withOverrides(rows) : this.set;
  }

  /**
   * Keeps a scheduled value; a repeated one changes nothing. A key the files do not know (another
   * service's parameter) or a value that could never hold is left out, so it cannot break later look-ups.
   */
  async record(m: EntityManager, v: ParameterValueScheduledV1Payload): Promise<boolean> {
    if (!this.set.keys().includes(v.key)) return false;
    // its own date as 'today': a value may arrive after it took effect (consumer lag), which is no fault of the value
    const problems = validateScheduledValue(this.set, v, v.effectiveFrom);
    if (problems.length) {
      this.logger.warn(`scheduled value of ${v.key} from ${v.effectiveFrom} ignored: ${problems.join('; ')}`);
      return false;
    }
    await m.query(
      `INSERT INTO scheduled_parameter (key, effective_from, value, source, scheduled_by) VALUES ($1, $2, $3::jsonb, $4, $5) ON CONFLICT DO NOTHING`,
      [v.key, v.effectiveFrom, JSON.stringify(v.value), v.source, v.scheduledBy],
    );
    return true;
  }
}
