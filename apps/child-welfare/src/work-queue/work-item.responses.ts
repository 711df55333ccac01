import { ApiProperty } from '@nestjs/swagger';
import { WorkItem } from './work-queue.service';

/** A policy-engine alert in child welfare's work queue (work-queue.service.ts WorkItem). */
export class WorkItemResponse implements WorkItem {
  @ApiProperty() alertId: string;
  @ApiProperty() personRef: string;
  @ApiProperty() ruleId: string;
  @ApiProperty() town: string;
  @ApiProperty() priority: string;
  @ApiProperty({ format: 'date' }) dueDate: string;
  @ApiProperty() summary: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: 'open' | 'closed';
  @ApiProperty({ type: String, nullable: true }) closedReason: string | null;
}
