import { ApiProperty } from '@nestjs/swagger';

/** A policy-engine alert in eldercare's work queue (work-queue.service.ts). */
export class WorkItemResponse {
  @ApiProperty() alertId: string;
  @ApiProperty() personRef: string;
  @ApiProperty({ type: String, nullable: true }) elderId: string | null;
  @ApiProperty() ruleId: string;
  @ApiProperty() town: string;
  @ApiProperty() priority: string;
  @ApiProperty() summary: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty({ type: String, nullable: true }) outcome: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) closedOn: string | null;
}
