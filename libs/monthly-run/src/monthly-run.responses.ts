import { ApiProperty } from '@nestjs/swagger';

// What the run routes of every department answer, documented once (run-month.ts RunOutcome,
// confirm-run.ts, run-report.ts, stored-payment.ts). The subject id is the department's own.

class SkippedCounts {
  @ApiProperty({ description: 'a recorded death before the month' }) deceased: number;
  @ApiProperty() notEligible: number;
}

export class RunOutcomeResponse {
  @ApiProperty() runId: string;
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty({ description: 'payments created by this call' }) created: number;
  @ApiProperty({ description: 'their total in fen' }) createdFen: number;
  @ApiProperty({ type: SkippedCounts }) skipped: SkippedCounts;
}

export class RunConfirmationResponse {
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty({ description: 'issued payments now confirmed' }) confirmed: number;
}

interface CountAndTotal {
  count: number;
  totalFen: number;
}

const grouped = (by: string) => ({
  type: 'object' as const,
  additionalProperties: { type: 'object', properties: { count: { type: 'integer' }, totalFen: { type: 'integer' } } },
  description: `count and total (fen) per ${by}, stopped payments excluded`,
});

export class RunReportResponse {
  @ApiProperty() runId: string;
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty() startedBy: string;
  @ApiProperty({ type: String, nullable: true }) confirmedBy: string | null;
  @ApiProperty() count: number;
  @ApiProperty() totalFen: number;
  @ApiProperty() flaggedAfterDeath: number;
  @ApiProperty() stopped: number;
  @ApiProperty(grouped('programme')) byProgramme: Record<string, CountAndTotal>;
  @ApiProperty(grouped('town')) byTown: Record<string, CountAndTotal>;
}

export class StoredPaymentResponse {
  @ApiProperty() paymentId: string;
  @ApiProperty({ type: String, nullable: true }) runId: string | null;
  @ApiProperty({ description: 'the department’s beneficiary id (case, elder, child)' }) subjectId: string;
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty() personRef: string;
  @ApiProperty() programme: string;
  @ApiProperty() town: string;
  @ApiProperty() amountFen: number;
  @ApiProperty({ enum: ['monthly', 'arrears'] }) kind: string;
  @ApiProperty({ enum: ['issued', 'confirmed', 'stopped'] }) status: string;
}
