import { isCalendarDate } from '@civic/calendar';
import { createEvent, ParameterValueScheduledV1 } from '@civic/contracts';
import {
  loadParameters,
  ParameterLookupError,
  ParameterSet,
  ParameterValue,
  ScheduledValue,
  validateScheduledValue,
} from '@civic/policy-params';
import { Outbox } from '@civic/messaging';
import { AuditLog, AuthenticatedUser, Clock, ProblemException } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ASSISTANCE_SOURCE } from '../persistence/event-origin';
import { ScheduleParameterDto } from './schedule-parameter.dto';

/** One parameter as listed by GET /parameters: its value in force on the date, or why there is none. */
export interface ParameterInForce {
  key: string;
  derived: boolean;
  inForce: ParameterValue | null;
  note?: string;
}

/**
 * The policy parameters this service decides with: the files of libs/policy-params plus the values
 * scheduled here at runtime (stored in scheduled_parameter, applied by ParameterSet.withOverrides).
 */
@Injectable()
export class ParametersService {
  private readonly files = loadParameters();

  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** The set in force now: files plus every stored scheduled value (read in `manager`'s transaction when given). */
  async current(manager: EntityManager = this.dataSource.manager): Promise<ParameterSet> {
    return (await this.currentWithMark(manager)).params;
  }

  /**
   * `current`, with the id of the last scheduled value it holds (0 for none): amounts decided with
   * this set are due again once a value with a higher id is scheduled (payments/case-amounts.ts).
   * Schedulers hold a lock until they commit, so ids become visible in increasing order.
   */
  async currentWithMark(
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ params: ParameterSet; mark: number }> {
    const rows: {
      id: string;
      key: string;
      value: number | string;
      effective_from: string;
      source: string;
      scheduled_by: string;
    }[] = await manager.query(
      `SELECT id, key, value, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, source, scheduled_by FROM scheduled_parameter ORDER BY scheduled_at, id`,
    );
    if (rows.length === 0) return { params: this.files, mark: 0 };
    const params = this.files.withOverrides(
      rows.map((r) => ({
        key: r.key,
        value: r.value,
        effectiveFrom: r.effective_from,
        source: r.source,
        scheduledBy: r.scheduled_by,
      })),
    );
    return { params, mark: Math.max(...rows.map((r) => Number(r.id))) };
  }

  /** Every parameter (file and derived) in force on `date`, with its source. */
  async inForce(date: string): Promise<ParameterInForce[]> {
    const set = await this.current();
    const lookup = (key: string, derived: boolean): ParameterInForce => {
      try {
        return { key, derived, inForce: derived ? set.derivedAt(key, date) : set.valueAt(key, date) };
      } catch (e) {
        if (e instanceof ParameterLookupError && e.reason === 'no-value-yet')
          return { key, derived, inForce: null, note: e.message };
        throw e;
      }
    };
    return [...set.keys().map((k) => lookup(k, false)), ...set.derivedKeys().map((k) => lookup(k, true))];
  }

  /** Stores a scheduled value after validateScheduledValue, audits it and appends policy.parameter.value-scheduled, in one transaction. */
  async schedule(dto: ScheduleParameterDto, user: AuthenticatedUser): Promise<ScheduledValue> {
    const value: ScheduledValue = {
      key: dto.key,
      value: dto.value,
      effectiveFrom: dto.effectiveFrom,
      source: dto.source,
      scheduledBy: user.sub,
    };
    return this.dataSource.transaction(async (m) => {
      // the lock serialises schedulers so validation sees every earlier value
      await m.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.scheduled_parameter'))`);
      const set = await this.current(m);
      const problems = validateScheduledValue(set, value, this.clock.today());
      if (problems.length > 0) {
        throw ProblemException.validation(
          problems.map((p) => ({ field: p.split(':')[0], rule: 'policy-parameter', message: p })),
        );
      }
      const inserted = await m.query(
        `INSERT INTO scheduled_parameter (key, value, effective_from, source, scheduled_by) VALUES ($1, $2::jsonb, $3, $4, $5) ON CONFLICT (key, effective_from) DO NOTHING RETURNING id`,
        [value.key, JSON.stringify(value.value), value.effectiveFrom, value.source, value.scheduledBy],
      );
      if (inserted.length === 0)
        throw ProblemException.conflict(`a value of ${value.key} is already scheduled from ${value.effectiveFrom}`, {
          currentState: 'scheduled',
        });
      await this.audit.append(m, {
        actor: user.sub,
        action: 'parameter.schedule',
        objectType: 'parameter',
        objectId: value.key,
        detail: { ...value },
      });
      // policy.parameter events are the policy department's; this service is the owner of these values, so the source names it
      await this.outbox.append(m, createEvent(ParameterValueScheduledV1, value, { source: ASSISTANCE_SOURCE }));
      return value;
    });
  }
}

/** A calendar date query parameter, or `today` (the clock's date). */
export function dateOrToday(date: string | undefined, today: string, field = 'date'): string {
  if (date === undefined) return today;
  if (!isCalendarDate(date))
    throw ProblemException.invalidField(field, 'isCalendarDate', `${field} must be a real calendar date YYYY-MM-DD`);
  return date;
}
