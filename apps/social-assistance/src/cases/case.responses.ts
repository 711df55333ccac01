import { PROGRAMMES } from '@civic/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What the case routes answer (cases.controller.ts caseView, case-workflow.ts CaseState).

const STATUSES = [
  'applied',
  'accepted',
  'investigating',
  'reviewed',
  'publicised',
  'approved',
  'rejected',
  'active',
  'suspended',
  'terminated',
  'active-emergency',
];
const day = { type: String, format: 'date', nullable: true };

class ApplicationResponse {
  @ApiProperty() channel: string;
  @ApiPropertyOptional({ description: 'the policy-engine alert it answers' }) alertId?: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'temporary assistance asked for' })
  temporary?: unknown;
  @ApiPropertyOptional() emergencyPaidFen?: number;
  @ApiPropertyOptional({ format: 'date' }) appliedOn?: string;
}

class FindingsResponse {
  @ApiProperty({ format: 'date' }) homeVisitOn: string;
  @ApiProperty({ format: 'date' }) financialCheckOn: string;
  @ApiProperty() summary: string;
}

class ObjectionResponse {
  @ApiProperty() objectionId: string;
  @ApiProperty() text: string;
  @ApiProperty({ format: 'date' }) recordedOn: string;
  @ApiProperty({ type: String, nullable: true }) resolution: string | null;
}

class PublicityResponse {
  @ApiProperty({ format: 'date' }) startsOn: string;
  @ApiProperty({ format: 'date' }) endsOn: string;
  @ApiProperty({ type: [ObjectionResponse] }) objections: ObjectionResponse[];
}

class EmergencyResponse {
  @ApiProperty({ format: 'date' }) paidOn: string;
  @ApiProperty({ format: 'date' }) paperworkDueOn: string;
  @ApiProperty(day) paperworkCompletedOn: string | null;
}

class DecisionResponse {
  @ApiProperty({ description: 'the command, e.g. approve' }) command: string;
  @ApiProperty({ enum: STATUSES }) from: string;
  @ApiProperty({ enum: STATUSES }) to: string;
  @ApiProperty() who: string;
  @ApiProperty({ enum: ['intake', 'review', 'approval', 'disbursement', 'case-management'] }) duty: string;
  @ApiProperty({ format: 'date-time' }) when: string;
  @ApiProperty() why: string;
}

export class CaseResponse {
  @ApiProperty() caseId: string;
  @ApiProperty() householdId: string;
  @ApiProperty() personRef: string;
  @ApiProperty({ enum: PROGRAMMES }) programme: string;
  @ApiProperty() town: string;
  @ApiProperty({ enum: STATUSES }) status: string;
  @ApiProperty({ type: Number, nullable: true }) monthlyAmountFen: number | null;
  @ApiProperty(day) effectiveFrom: string | null;
  @ApiProperty({ type: ApplicationResponse }) application: ApplicationResponse;
  @ApiProperty({ type: FindingsResponse, nullable: true }) findings: FindingsResponse | null;
  @ApiProperty({ type: PublicityResponse, nullable: true }) publicity: PublicityResponse | null;
  @ApiProperty(day) approvedOn: string | null;
  @ApiProperty(day) reverificationDueOn: string | null;
  @ApiProperty({ type: EmergencyResponse, nullable: true }) emergency: EmergencyResponse | null;
  @ApiProperty(day) suspendedOn: string | null;
  @ApiProperty({ type: [DecisionResponse], description: 'every decision, oldest first' }) decisions: DecisionResponse[];
}

export class PaperworkScanResponse {
  @ApiProperty({ description: 'paperwork-overdue events raised by this scan' }) raised: number;
}
