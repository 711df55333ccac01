import { ApiProperty } from '@nestjs/swagger';

// What the protection-report routes answer (reports.service.ts ReportRow, get).

const instant = { type: String, format: 'date-time', nullable: true };

export class ReportResponse {
  @ApiProperty() reportId: string;
  @ApiProperty({ description: 'the child’s personRef' }) childRef: string;
  @ApiProperty() childMaskedId: string;
  @ApiProperty() town: string;
  @ApiProperty() location: string;
  @ApiProperty() reporterKind: string;
  @ApiProperty() reporter: string;
  @ApiProperty() concern: string;
  @ApiProperty({ enum: ['emergency', 'normal'] }) urgency: string;
  @ApiProperty({ format: 'date-time' }) reportedAt: string;
  @ApiProperty({ format: 'date-time', description: 'by urgency (child.report.response_days.*)' }) responseDueAt: string;
  @ApiProperty({ enum: ['open', 'escalated', 'responded', 'closed'] }) status: string;
  @ApiProperty(instant) respondedAt: string | null;
  @ApiProperty(instant) escalatedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) emergencyPlacement: string | null;
}

class ReportNote {
  @ApiProperty() note: string;
  @ApiProperty() writtenBy: string;
  @ApiProperty({ format: 'date-time' }) writtenAt: string;
}

export class ReportDetailResponse extends ReportResponse {
  @ApiProperty({ type: [ReportNote] }) notes: ReportNote[];
}
