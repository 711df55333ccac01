import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsObject, IsOptional, IsUrl, Matches, Max, Min } from 'class-validator';

/** A sender's registration: its id, its Ed25519 public keys, callback base and limits. */
export class RegisterSenderDto {
  @ApiProperty({ example: 'zs-data-hub' })
  @Matches(/^[A-Za-z0-9._-]{1,99}$/, { message: 'senderId must be 1-99 of [A-Za-z0-9._-]' })
  senderId: string;

  @ApiProperty({ description: 'JWKS with Ed25519 public keys (kty OKP, crv Ed25519, kid, x).' })
  @IsObject()
  jwks: Record<string, unknown>;

  @ApiPropertyOptional({ description: 'Callbacks (on-search, notify) go only to URLs under this base.' })
  @IsOptional()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  callbackBaseUrl?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  ratePerMinute?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100_000)
  maxBatchRecords?: number;
}
