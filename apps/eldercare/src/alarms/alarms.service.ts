import { AlarmEscalatedV1, AlarmRaisedV1, createEvent } from '@civic/contracts';
import { Outbox } from '@civic/messaging';
import { AuthenticatedUser, Clock, Filters, Page, pageOf, ProblemException, updateReturning } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { loadElder } from '../elders/elder-record';
import { ElderParameters } from '../parameters/elder-parameters';
import { assertInArea } from '../persistence/area';
import { requestOrigin, scheduledOrigin } from '../persistence/event-origin';
import { AlarmListQueryDto, RaiseAlarmDto } from './alarm-input.dto';
import { DevicesService } from './devices.service';

const MINUTE_MS = 60_000;
const COLUMNS = `a.alarm_id, a.device_id, a.elder_id, a.town, a.kind, a.raised_at, a.last_raised_at, a.repeats, a.acknowledge_by, a.status, a.acknowledged_at, a.acknowledged_by, a.escalated_at`;
const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
const alarmOf = (r: Record<string, any>) => ({
  alarmId: r.alarm_id as string,
  deviceId: r.device_id as string,
  elderId: r.elder_id as string,
  town: r.town as string,
  kind: r.kind as string,
  raisedAt: iso(r.raised_at),
  lastRaisedAt: iso(r.last_raised_at),
  repeats: r.repeats as number,
  acknowledgeBy: iso(r.acknowledge_by),
  status: r.status as 'open' | 'escalated' | 'acknowledged',
  acknowledgedAt: iso(r.acknowledged_at),
  acknowledgedBy: r.acknowledged_by as string | null,
  escalatedAt: iso(r.escalated_at),
});
export type Alarm = ReturnType<typeof alarmOf>;

/**
 * Device alarms (docs/domain.md §2): an alarm is published once and must be acknowledged by a responder
 * within the dated limit (elder.alarm.acknowledge_within_minutes), else it escalates. A repeat of one kind
 * from one device merges into its alarm while that is unacknowledged, however late (one open alarm per
 * device and kind: the responder sees the repeats on it), and into an acknowledged one within
 * elder.alarm.merge_window_minutes of its last raise (the responder is already on the way).
 */
@Injectable()
export class AlarmsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly params: ElderParameters,
    private readonly clock: Clock,
    private readonly devices: DevicesService,
  ) {}

  /** Intake from a device: its credential is checked first, so a refused alarm stores and publishes nothing. */
  async raise(deviceId: string, token: string | undefined, dto: RaiseAlarmDto): Promise<Alarm & { merged: boolean }> {
    const device = await this.devices.authenticate(deviceId, token);
    const today = this.clock.today();
    const limit = this.params.set.countAt('elder.alarm.acknowledge_within_minutes', today);
    const window = this.params.set.countAt('elder.alarm.merge_window_minutes', today);
    const raisedAt = new Date(dto.raisedAt);
    return this.dataSource.transaction(async (m) => {
      // one intake per device at a time, so two repeats arriving together cannot both open an alarm
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`eldercare.alarm:${device.deviceId}`]);
      const merged = await updateReturning<Record<string, any>>(
        m,
        `UPDATE alarm a SET repeats = repeats + 1, last_raised_at = greatest(last_raised_at, $3)
         WHERE a.alarm_id = (SELECT alarm_id FROM alarm WHERE device_id = $1 AND kind = $2
                               AND (status <> 'acknowledged' OR last_raised_at >= $3::timestamptz - make_interval(mins => $4))
                             ORDER BY status <> 'acknowledged' DESC, raised_at DESC LIMIT 1)
         RETURNING ${COLUMNS}`,
        [device.deviceId, dto.kind, raisedAt, window],
      );
      if (merged.length) return { ...alarmOf(merged[0]), merged: true };
      const elder = await loadElder(m, device.elderId);
      const alarmId = `alarm-${randomUUID()}`;
      const acknowledgeBy = new Date(this.clock.now().getTime() + limit * MINUTE_MS);
      const [row] = await m.query(
        `INSERT INTO alarm (alarm_id, device_id, elder_id, town, kind, raised_at, last_raised_at, acknowledge_by)
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7) RETURNING ${COLUMNS.replace(/a\./g, '')}`,
        [alarmId, device.deviceId, elder.elderId, elder.town, dto.kind, raisedAt, acknowledgeBy],
      );
      await this.outbox.append(
        m,
        createEvent(
          AlarmRaisedV1,
          {
            alarmId,
            elderId: elder.elderId,
            personRef: elder.personRef,
            town: elder.town,
            deviceId: device.deviceId,
            kind: dto.kind,
            raisedAt: dto.raisedAt,
          },
          requestOrigin(),
        ),
      );
      return { ...alarmOf(row), merged: false };
    });
  }

  async acknowledge(alarmId: string, user: AuthenticatedUser): Promise<Alarm> {
    return this.dataSource.transaction(async (m) => {
      const [row] = await m.query(`SELECT ${COLUMNS} FROM alarm a WHERE alarm_id = $1 FOR UPDATE`, [alarmId]);
      if (!row) throw ProblemException.notFound('alarm', alarmId);
      assertInArea(user, row.town, `alarm ${alarmId}`);
      if (row.status === 'acknowledged')
        throw ProblemException.conflict(`alarm ${alarmId} was already acknowledged`, { currentState: row.status });
      const [updated] = await updateReturning<Record<string, any>>(
        m,
        `UPDATE alarm a SET status = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3 WHERE alarm_id = $1 RETURNING ${COLUMNS}`,
        [alarmId, this.clock.now(), user.sub],
      );
      return alarmOf(updated);
    });
  }

  /** Escalates every open alarm past its acknowledgement time at `now`, once each (rows claimed with SKIP LOCKED). */
  async escalateOverdue(now: Date): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const rows = await updateReturning<Record<string, any>>(
        m,
        `UPDATE alarm a SET status = 'escalated', escalated_at = $1
         FROM elder e
         WHERE e.elder_id = a.elder_id AND a.alarm_id IN (
           SELECT alarm_id FROM alarm WHERE status = 'open' AND acknowledge_by < $1 FOR UPDATE SKIP LOCKED)
         RETURNING ${COLUMNS}, e.person_ref`,
        [now],
      );
      for (const r of rows)
        await this.outbox.append(
          m,
          createEvent(
            AlarmEscalatedV1,
            {
              alarmId: r.alarm_id,
              elderId: r.elder_id,
              personRef: r.person_ref,
              town: r.town,
              deviceId: r.device_id,
              kind: r.kind,
              raisedAt: iso(r.raised_at)!,
              acknowledgeBy: iso(r.acknowledge_by)!,
              escalatedAt: now.toISOString(),
            },
            scheduledOrigin(),
          ),
        );
      return rows.length;
    });
  }

  list(q: AlarmListQueryDto, user: AuthenticatedUser): Promise<Page<Alarm>> {
    const f = new Filters()
      .eq('a.status', q.status)
      .eq('a.town', q.town)
      .eq('a.elder_id', q.elderId)
      .towns('a.town', user);
    return pageOf(this.dataSource.manager, COLUMNS, 'alarm a', f, 'a.raised_at DESC, a.alarm_id', q, alarmOf);
  }
}
