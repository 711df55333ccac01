import { ParameterValueScheduledV1Payload } from '@civic/contracts';
import { loadParameters, ParameterSet } from '@civic/policy-params';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/**
 * The dated parameters this service decides with: the files of libs/policy-params, plus (for amounts)
 * the values their owning services scheduled at runtime and published as policy.parameter.value-scheduled.
 */
@Injectable()
export class ChildParameters {
  private readonly files = loadParameters();

  /** The files only: for the values no other service schedules (age-out, deadlines, intervals). */
  current(): ParameterSet {
    return this.files;
  }

  number(key: string, date: string): number {
    return Number(this.files.valueAt(key, date).value);
  }

  /** Files plus every scheduled value received, read in `m`'s transaction. */
  async withScheduled(m: EntityManager): Promise<ParameterSet> {
    const rows: {
      key: string;
      value: number | string;
      effective_from: string;
      source: string;
      scheduled_by: string;
    }[] = await m.query(
      `SELECT key, value, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, source, scheduled_by FROM scheduled_parameter ORDER BY received_at, key`,
    );
    if (rows.length === 0) return this.files;
    return this.files.withOverrides(
      rows.map((r) => ({
        key: r.key,
        value: r.value,
        effectiveFrom: r.effective_from,
        source: r.source,
        scheduledBy: r.scheduled_by,
      })),
    );
  }

  /** Keeps a scheduled value; a repeated one changes nothing. Unknown keys are not this service's concern. */
  async record(m: EntityManager, v: ParameterValueScheduledV1Payload): Promise<void> {
    if (!this.files.keys().includes(v.key)) return;
    await m.query(
      `INSERT INTO scheduled_parameter (key, effective_from, value, source, scheduled_by) VALUES ($1, $2, $3::jsonb, $4, $5) ON CONFLICT DO NOTHING`,
      [v.key, v.effectiveFrom, JSON.stringify(v.value), v.source, v.scheduledBy],
    );
  }
}
