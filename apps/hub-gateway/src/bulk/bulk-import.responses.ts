import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What the bulk-import routes answer (bulk-import.service.ts).

export class BulkImportProgressResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ['running', 'finished', 'failed'] }) status: string;
  @ApiProperty() rowsRead: number;
  @ApiProperty() rowsAccepted: number;
  @ApiProperty() rowsDuplicate: number;
  @ApiProperty() rowsRejected: number;
  @ApiPropertyOptional() error?: string;
  @ApiPropertyOptional({ enum: ['too-large', 'invalid'], description: 'why a failed import stopped' }) reason?: string;
}

export class BulkImportRowError {
  @ApiProperty({ description: 'line of the CSV file' }) line: number;
  @ApiProperty({ type: String, nullable: true }) recordId: string | null;
  @ApiProperty() field: string;
  @ApiProperty() rule: string;
  @ApiProperty() message: string;
}
