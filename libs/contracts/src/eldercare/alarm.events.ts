import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, examplePersonRef } from '../fields/example-values';
import { IsEntityId, IsOneOf, IsPersonRef, IsTimestamp, IsTown } from '../fields/field.decorators';

export const ALARM_KINDS = ['sos', 'fall', 'vital-sign', 'inactivity', 'smoke', 'gas'] as const;

export class AlarmRaisedV1Payload {
  @IsEntityId() alarmId: string;
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() deviceId: string;
  @IsOneOf(ALARM_KINDS) kind: (typeof ALARM_KINDS)[number];
  /** The device's time of the alarm; minutes matter here, so a timestamp, not a date. */
  @IsTimestamp() raisedAt: string;
}

/** An alarm device of an elder living alone went off; it must reach a responder (docs/domain.md §2). */
export const AlarmRaisedV1 = defineEvent({
  type: 'eldercare.alarm.raised',
  version: 1,
  topic: Topics.EldercareAlarm,
  subjectField: 'alarmId',
  payload: AlarmRaisedV1Payload,
  summary: "An elder's alarm or vital-sign device raised an alarm that must reach a responder.",
  example: {
    alarmId: 'alarm-2024-00071',
    elderId: 'elder-000512',
    personRef: examplePersonRef('elder'),
    town: EXAMPLE_TOWN,
    deviceId: 'dev-ha-3391',
    kind: 'fall',
    raisedAt: '2024-08-14T06:42:10+08:00',
  },
});

export class AlarmEscalatedV1Payload {
  @IsEntityId() alarmId: string;
  @IsEntityId() elderId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsEntityId() deviceId: string;
  @IsOneOf(ALARM_KINDS) kind: (typeof ALARM_KINDS)[number];
  @IsTimestamp() raisedAt: string;
  /** When the acknowledgement was due (raisedAt plus the dated acknowledgement limit). */
  @IsTimestamp() acknowledgeBy: string;
  @IsTimestamp() escalatedAt: string;
}

/** No responder acknowledged an alarm within the dated limit; it goes up to the next level (docs/domain.md §2). */
export const AlarmEscalatedV1 = defineEvent({
  type: 'eldercare.alarm.escalated',
  version: 1,
  topic: Topics.EldercareAlarm,
  subjectField: 'alarmId',
  payload: AlarmEscalatedV1Payload,
  summary: 'An alarm was not acknowledged by a responder within the time limit and was escalated.',
  example: {
    alarmId: 'alarm-2024-00071',
    elderId: 'elder-000512',
    personRef: examplePersonRef('elder'),
    town: EXAMPLE_TOWN,
    deviceId: 'dev-ha-3391',
    kind: 'fall',
    raisedAt: '2024-08-14T06:42:10+08:00',
    acknowledgeBy: '2024-08-14T06:57:10+08:00',
    escalatedAt: '2024-08-14T06:57:30+08:00',
  },
});
