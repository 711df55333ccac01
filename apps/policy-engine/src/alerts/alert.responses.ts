import { ApiProperty } from '@nestjs/swagger';
import { ALERT_STATUSES } from './alert-lifecycle';

// What the alert routes answer (alerts.controller.ts view(), alerts.service.ts metrics/history).

const text = { type: String, nullable: true };
const instant = { type: String, format: 'date-time', nullable: true };

export class AlertResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() personRef: string;
  @ApiProperty(text) householdId: string | null;
  @ApiProperty() ruleId: string;
  @ApiProperty() ruleVersion: number;
  @ApiProperty({ example: 'assistance' }) department: string;
  @ApiProperty(text) programme: string | null;
  @ApiProperty({ description: 'town code' }) town: string;
  @ApiProperty() priority: string;
  @ApiProperty({ enum: ALERT_STATUSES }) status: string;
  @ApiProperty({ format: 'date', description: 'due date for first contact' }) dueDate: string;
  @ApiProperty() summary: string;
  @ApiProperty({ format: 'date-time' }) raisedAt: string;
  @ApiProperty(text) assignedTo: string | null;
  @ApiProperty(text) assignedBy: string | null;
  @ApiProperty(instant) assignedAt: string | null;
  @ApiProperty(instant) contactedAt: string | null;
  @ApiProperty(text) contactedBy: string | null;
  @ApiProperty(instant) resolvedAt: string | null;
  @ApiProperty(text) resolvedBy: string | null;
  @ApiProperty(text) outcome: string | null;
  @ApiProperty(text) caseId: string | null;
}

export class AlertExplanation {
  @ApiProperty({ format: 'date', description: 'the date the rule was evaluated for' }) date: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) facts: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) parameters: unknown[];
}

export class AlertHistoryEntry {
  @ApiProperty({ format: 'date-time' }) at: string;
  @ApiProperty() actor: string;
  @ApiProperty(text) from_status: string | null;
  @ApiProperty() to_status: string;
  @ApiProperty(text) note: string | null;
}

export class AlertDetailResponse extends AlertResponse {
  @ApiProperty({ type: AlertExplanation }) explanation: AlertExplanation;
  @ApiProperty(text) contactNote: string | null;
  @ApiProperty(text) resolutionNote: string | null;
  @ApiProperty({ type: [AlertHistoryEntry] }) history: AlertHistoryEntry[];
}

export class AlertMetricsResponse {
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'open alerts per department' })
  openByDepartment: Record<string, number>;
  @ApiProperty({ type: Number, nullable: true }) medianHoursToContact: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'enrolled / resolved' }) conversionRate: number | null;
  @ApiProperty() resolved: number;
  @ApiProperty() enrolled: number;
}
