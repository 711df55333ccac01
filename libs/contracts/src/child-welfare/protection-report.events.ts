import { defineEvent } from '../registry';
import { Topics } from '../topics';
import { EXAMPLE_TOWN, examplePersonRef } from '../fields/example-values';
import { IsEntityId, IsOneOf, IsPersonRef, IsTimestamp, IsTown } from '../fields/field.decorators';

export class ProtectionReportFiledV1Payload {
  @IsEntityId() reportId: string;
  /** The child the report concerns. */
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsTimestamp() reportedAt: string;
  @IsOneOf(['school', 'hospital', 'police', 'village', 'public', 'other']) reporterKind:
    'school' | 'hospital' | 'police' | 'village' | 'public' | 'other';
  @IsOneOf(['abuse', 'neglect', 'abandonment', 'other']) concern: 'abuse' | 'neglect' | 'abandonment' | 'other';
  @IsOneOf(['emergency', 'normal']) urgency: 'emergency' | 'normal';
  @IsTimestamp() responseDueAt: string;
}

/** A mandatory report (强制报告) of abuse or neglect was filed (docs/domain.md §3). */
export const ProtectionReportFiledV1 = defineEvent({
  type: 'child-welfare.protection-report.filed',
  version: 1,
  topic: Topics.ChildWelfareProtectionReport,
  subjectField: 'reportId',
  payload: ProtectionReportFiledV1Payload,
  summary: 'A mandatory report (强制报告) of abuse or neglect was filed; emergencies carry a short response deadline.',
  example: {
    reportId: 'rep-2024-00019',
    personRef: examplePersonRef('child'),
    town: EXAMPLE_TOWN,
    reportedAt: '2024-04-28T15:20:00+08:00',
    reporterKind: 'school',
    concern: 'neglect',
    urgency: 'emergency',
    responseDueAt: '2024-04-28T17:20:00+08:00',
  },
});

export class ProtectionReportEscalatedV1Payload {
  @IsEntityId() reportId: string;
  @IsPersonRef() personRef: string;
  @IsTown() town: string;
  @IsOneOf(['emergency', 'normal']) urgency: 'emergency' | 'normal';
  /** The deadline that passed without a response. */
  @IsTimestamp() responseDueAt: string;
  @IsTimestamp() escalatedAt: string;
}

/** A mandatory report's response deadline passed with no response recorded: escalated to the supervisor. */
export const ProtectionReportEscalatedV1 = defineEvent({
  type: 'child-welfare.protection-report.escalated',
  version: 1,
  topic: Topics.ChildWelfareProtectionReport,
  subjectField: 'reportId',
  payload: ProtectionReportEscalatedV1Payload,
  summary: "A mandatory report's response deadline passed without a response; it was escalated to the supervisor.",
  example: {
    reportId: 'rep-2024-00019',
    personRef: examplePersonRef('child'),
    town: EXAMPLE_TOWN,
    urgency: 'emergency',
    responseDueAt: '2024-04-28T17:20:00+08:00',
    escalatedAt: '2024-04-28T17:21:05+08:00',
  },
});
