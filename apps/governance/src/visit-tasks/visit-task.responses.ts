import { ApiProperty } from '@nestjs/swagger';

// What the visit-task routes answer (visit-tasks.service.ts VisitTaskView, escalateOverdue).

const text = { type: String, nullable: true };
const day = { type: String, format: 'date', nullable: true };

export class VisitTaskResponse {
  @ApiProperty() taskId: string;
  @ApiProperty({ description: 'the requesting department' }) requestedBy: string;
  @ApiProperty() kind: string;
  @ApiProperty(text) requestRef: string | null;
  @ApiProperty() personRef: string;
  @ApiProperty() town: string;
  @ApiProperty({ format: 'date' }) receivedOn: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: ['open', 'scheduled', 'completed', 'cancelled'] }) status: string;
  @ApiProperty(text) socialWorkerId: string | null;
  @ApiProperty(day) scheduledOn: string | null;
  @ApiProperty(day) completedOn: string | null;
  @ApiProperty(text) outcome: string | null;
  @ApiProperty(text) findings: string | null;
  @ApiProperty(day) escalatedOn: string | null;
}

export class VisitEscalationResponse {
  @ApiProperty({ description: 'tasks escalated by this scan' }) escalated: number;
  @ApiProperty({ format: 'date' }) on: string;
}
