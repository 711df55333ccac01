import { ApiProperty } from '@nestjs/swagger';

// What the enrolment routes answer (dci/registry/registry.service.ts enrolments, duplicateCheck).

export class EnrolmentResponse {
  @ApiProperty() enrolmentId: string;
  @ApiProperty() department: string;
  @ApiProperty() programme: string;
  @ApiProperty({ type: String, nullable: true }) householdId: string | null;
  @ApiProperty({ type: String, nullable: true }) town: string | null;
  @ApiProperty({ enum: ['active', 'suspended', 'terminated'] }) status: string;
  @ApiProperty({ format: 'date' }) effectiveFrom: string;
  @ApiProperty({ type: Number, nullable: true, description: 'integer fen' }) monthlyAmountFen: number | null;
}

export class PersonEnrolmentsResponse {
  @ApiProperty() personRef: string;
  @ApiProperty() total: number;
  @ApiProperty({ type: [EnrolmentResponse] }) items: EnrolmentResponse[];
}

export class DuplicateCheckResponse extends PersonEnrolmentsResponse {
  @ApiProperty({ description: 'the ID number masked; the number itself is never echoed' }) maskedId: string;
}
