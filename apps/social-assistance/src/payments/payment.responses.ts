import { PROGRAMMES } from '@civic/contracts';
import { ApiProperty } from '@nestjs/swagger';

// What the payment routes answer (payments.controller.ts paymentView, payments.service.ts runs).

const day = { type: String, format: 'date', nullable: true };
const text = { type: String, nullable: true };

export class PaymentResponse {
  @ApiProperty() paymentId: string;
  @ApiProperty(text) runId: string | null;
  @ApiProperty() caseId: string;
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty() personRef: string;
  @ApiProperty({ enum: PROGRAMMES }) programme: string;
  @ApiProperty() town: string;
  @ApiProperty() amountFen: number;
  @ApiProperty({ enum: ['monthly', 'arrears'] }) kind: string;
  @ApiProperty({ enum: ['issued', 'confirmed', 'stopped'] }) status: string;
  @ApiProperty({ format: 'date' }) issuedOn: string;
  @ApiProperty() issuedBy: string;
  @ApiProperty(day) confirmedOn: string | null;
  @ApiProperty(day) stoppedOn: string | null;
  @ApiProperty(text) stopReason: string | null;
  @ApiProperty({ description: 'confirmed for a month after a recorded death' }) flaggedAfterDeath: boolean;
}

/** A payment run as stored (column names as returned). */
export class PaymentRunRowResponse {
  @ApiProperty() run_id: string;
  @ApiProperty({ example: '2026-12' }) month: string;
  @ApiProperty() started_by: string;
  @ApiProperty({ format: 'date-time' }) started_at: string;
  @ApiProperty(text) confirmed_by: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) confirmed_at: string | null;
  @ApiProperty(text) bank_batch_ref: string | null;
}
