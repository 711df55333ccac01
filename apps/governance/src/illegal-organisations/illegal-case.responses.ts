import { ApiProperty } from '@nestjs/swagger';

const text = { type: String, nullable: true };

/** A case against a suspected illegal social organisation (illegal-organisations.service.ts columns). */
export class IllegalCaseResponse {
  @ApiProperty() caseId: string;
  @ApiProperty() name: string;
  @ApiProperty() town: string;
  @ApiProperty({ format: 'date' }) foundOn: string;
  @ApiProperty() source: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ['open', 'closed'] }) status: string;
  @ApiProperty(text) outcome: string | null;
  @ApiProperty(text) outcomeReason: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) closedOn: string | null;
}
