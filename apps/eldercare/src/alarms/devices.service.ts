import { AuthenticatedUser, ProblemException, updateReturning } from '@civic/platform';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assertAlive, loadElder } from '../elders/elder-record';
import { assertInArea, isUniqueViolation } from '../persistence/area';
import { RegisterDeviceDto } from './alarm-input.dto';
import { newDeviceToken, tokenMatches } from './device-credentials';

/** A device allowed to raise alarms for one elder. */
export interface Device {
  deviceId: string;
  elderId: string;
}

/** Monitoring devices and their per-device credentials (issued once, revocable). */
@Injectable()
export class DevicesService {
  constructor(private readonly dataSource: DataSource) {}

  /** Registers a device for the elder; the answer carries the token, which is never shown again. */
  async register(elderId: string, dto: RegisterDeviceDto, user: AuthenticatedUser) {
    const elder = await loadElder(this.dataSource.manager, elderId);
    assertInArea(user, elder.town, `elder ${elderId}`);
    assertAlive(elder);
    const { token, hash } = newDeviceToken();
    try {
      await this.dataSource.query(
        `INSERT INTO alarm_device (device_id, elder_id, token_hash, registered_by) VALUES ($1, $2, $3, $4)`,
        [dto.deviceId, elderId, hash, user.sub],
      );
    } catch (e) {
      if (isUniqueViolation(e, 'alarm_device_pkey'))
        throw ProblemException.conflict(`device ${dto.deviceId} is already registered`, {
          field: 'deviceId',
          rule: 'device.unique',
        });
      throw e;
    }
    return { deviceId: dto.deviceId, elderId, token };
  }

  async revoke(deviceId: string, user: AuthenticatedUser) {
    const [row] = await this.dataSource.query(
      `SELECT d.device_id, e.town FROM alarm_device d JOIN elder e USING (elder_id) WHERE d.device_id = $1`,
      [deviceId],
    );
    if (!row) throw ProblemException.notFound('device', deviceId);
    assertInArea(user, row.town, `device ${deviceId}`);
    const [revoked] = await updateReturning<{ revoked_at: Date }>(
      this.dataSource.manager,
      `UPDATE alarm_device SET revoked_at = coalesce(revoked_at, now()) WHERE device_id = $1 RETURNING revoked_at`,
      [deviceId],
    );
    return { deviceId, revokedAt: revoked.revoked_at };
  }

  /**
   * The device a request speaks for, or a 4xx naming what is wrong: an unknown device (404 deviceId), a
   * missing or wrong token (401 x-device-token), a revoked device (403 deviceId).
   */
  async authenticate(deviceId: string, token: string | undefined): Promise<Device> {
    const [row] = await this.dataSource.query(
      `SELECT device_id, elder_id, token_hash, revoked_at FROM alarm_device WHERE device_id = $1`,
      [deviceId],
    );
    if (!row) throw ProblemException.notFound('device', deviceId, { field: 'deviceId', rule: 'device.registered' });
    if (!token || !tokenMatches(token, row.token_hash))
      throw ProblemException.unauthorized(
        `x-device-token: not the credential of device ${deviceId} (rule device.credential)`,
      );
    if (row.revoked_at)
      throw ProblemException.forbidden(`device ${deviceId} was revoked`, {
        field: 'deviceId',
        rule: 'device.not-revoked',
      });
    return { deviceId: row.device_id, elderId: row.elder_id };
  }
}
