import { ApiProperty } from '@nestjs/swagger';

/** An audit finding as GET /findings lists it (findings.controller.ts). */
export class FindingResponse {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['payment-after-death', 'duplicate-benefit'] }) kind: string;
  @ApiProperty() personRef: string;
  @ApiProperty({ type: String, nullable: true }) town: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) detail: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true }) sourceEventId: string | null;
  @ApiProperty({ format: 'date-time' }) foundAt: string;
}
