import { ApiProperty } from '@nestjs/swagger';

// What the alarm and device routes answer (alarms.service.ts, devices.service.ts).

const instant = { type: String, format: 'date-time', nullable: true };

export class AlarmResponse {
  @ApiProperty() alarmId: string;
  @ApiProperty() deviceId: string;
  @ApiProperty() elderId: string;
  @ApiProperty() town: string;
  @ApiProperty() kind: string;
  @ApiProperty({ format: 'date-time' }) raisedAt: string;
  @ApiProperty({ format: 'date-time' }) lastRaisedAt: string;
  @ApiProperty({ description: 'repeats merged into this alarm' }) repeats: number;
  @ApiProperty({ format: 'date-time', description: 'escalated when not acknowledged by then' }) acknowledgeBy: string;
  @ApiProperty({ enum: ['open', 'escalated', 'acknowledged'] }) status: string;
  @ApiProperty(instant) acknowledgedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) acknowledgedBy: string | null;
  @ApiProperty(instant) escalatedAt: string | null;
}

export class RaisedAlarmResponse extends AlarmResponse {
  @ApiProperty({ description: 'true when it joined an unacknowledged alarm of the device' }) merged: boolean;
}

export class DeviceRegisteredResponse {
  @ApiProperty() deviceId: string;
  @ApiProperty() elderId: string;
  @ApiProperty({ description: 'the device credential (x-device-token), shown only here' }) token: string;
}

export class DeviceRevokedResponse {
  @ApiProperty() deviceId: string;
  @ApiProperty({ format: 'date-time' }) revokedAt: string;
}

export class EscalationScanResponse {
  @ApiProperty({ description: 'alarms escalated by this scan' }) escalated: number;
}
