import { ApiProperty } from '@nestjs/swagger';

/** A registered sender (senders.service.ts Sender). */
export class SenderResponse {
  @ApiProperty() senderId: string;
  @ApiProperty({
    type: 'object',
    properties: { keys: { type: 'array', items: { type: 'object', additionalProperties: true } } },
    description: 'Ed25519 public keys (kty OKP, crv Ed25519, kid, x)',
  })
  jwks: unknown;
  @ApiProperty({ type: String, nullable: true }) callbackBaseUrl: string | null;
  @ApiProperty({ type: Number, nullable: true }) ratePerMinute: number | null;
  @ApiProperty({ type: Number, nullable: true }) maxBatchRecords: number | null;
}
