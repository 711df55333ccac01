import { ApiProperty } from '@nestjs/swagger';

// What the visit routes answer (visits.service.ts).

export class VisitResponse {
  @ApiProperty() visitId: string;
  @ApiProperty() elderId: string;
  @ApiProperty({ format: 'date' }) visitedOn: string;
  @ApiProperty({ format: 'date', description: 'visitedOn + elder.visit.interval_days' }) nextDueDate: string;
  @ApiProperty() outcome: string;
}

export class VisitTaskResponse {
  @ApiProperty() taskId: string;
  @ApiProperty() elderId: string;
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty() town: string;
  @ApiProperty({ type: String, nullable: true }) assignedTo: string | null;
  @ApiProperty({ format: 'date' }) dueOn: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) overdueRaisedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) closedReason: string | null;
}

export class TownVisitRate {
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty() town: string;
  @ApiProperty({ description: 'tasks due (closed ones excluded)' }) due: number;
  @ApiProperty() done: number;
  @ApiProperty({ type: Number, nullable: true, description: 'done / due; null when nothing is due' }) rate:
    number | null;
}
