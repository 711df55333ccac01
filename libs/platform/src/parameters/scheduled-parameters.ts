import { ParameterValueScheduledV1Payload } from '@civic/contracts';
import { ParameterSet, ScheduledValue, validateScheduledValue } from '@civic/policy-params';
import { Logger } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * A service's dated parameters: the files of libs/policy-params plus the values their owning services
 * scheduled at runtime (policy.parameter.value-scheduled), kept in the service's `scheduled_parameter`
 * table by its inbox listener. One home for eldercare, child welfare and any service deciding
 * amounts from another service's standards.
 */
export class ScheduledParameters {
  private readonly logger = new Logger('scheduled-parameters');

  constructor(readonly files: ParameterSet) {}

  /** Files plus every scheduled value received, read in `m`'s transaction. */
  async withScheduled(m: EntityManager): Promise<ParameterSet> {
    const rows: ScheduledValue[] = await m.query(
      `SELECT key, value, to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", source, scheduled_by AS "scheduledBy"
         FROM scheduled_parameter ORDER BY received_at, key`,
    );
    return rows.length ? this.files.withOverrides(rows) : this.files;
  }

  /**
   * Keeps a scheduled value; a repeated one changes nothing. A key the files do not know (another
   * service's parameter) or a value that could never hold is left out (false), so it cannot break
   * later look-ups.
   */
  async record(m: EntityManager, v: ParameterValueScheduledV1Payload): Promise<boolean> {
    if (!this.files.keys().includes(v.key)) return false;
    // its own date as 'today': a value may arrive after it took effect (consumer lag), which is no fault of the value
    const problems = validateScheduledValue(this.files, v, v.effectiveFrom);
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
