import { PersonDataServiceConfig } from '@civic/platform';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min, ValidateIf } from 'class-validator';

/** Settings of the hub gateway. */
export class HubGatewayConfig extends PersonDataServiceConfig {
  /** This gateway's DCI sender id (header.sender_id of callbacks it sends). */
  @Matches(/^[A-Za-z0-9._-]{1,99}$/, { message: 'HUB_SENDER_ID must be 1-99 of [A-Za-z0-9._-]' })
  HUB_SENDER_ID = 'civic-hub-gateway';

  /** PKCS#8 PEM of the gateway's Ed25519 signing key; required in production (development generates one per start). */
  @ValidateIf((c: HubGatewayConfig) => c.NODE_ENV === 'production' || c.HUB_SIGNING_KEY !== undefined)
  @Matches(/-----BEGIN PRIVATE KEY-----/, {
    message: 'HUB_SIGNING_KEY must be a PKCS#8 PEM Ed25519 private key (required when NODE_ENV=production)',
  })
  HUB_SIGNING_KEY?: string;

  /** How far message_ts and the signature's created time may be from now (seconds). */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(86_400)
  MESSAGE_MAX_AGE_SECONDS = 300;

  /** The longest signature validity (expires - created) accepted, so a captured message cannot be replayed for days. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(86_400)
  SIGNATURE_MAX_TTL_SECONDS = 3_600;

  /** Default per-sender rate: messages per minute (a sender's registration may lower or raise it). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  DEFAULT_RATE_PER_MINUTE = 600;

  /** Default largest batch (records per message) per sender. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  DEFAULT_MAX_BATCH_RECORDS = 1_000;

  @Type(() => Number)
  @IsInt()
  @Min(10)
  RELAY_POLL_INTERVAL_MS = 200;

  /** Webhook dispatcher poll interval; 0 disables the dispatcher (e.g. a read-only replica). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DELIVERY_POLL_INTERVAL_MS = 500;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(50)
  DELIVERY_MAX_ATTEMPTS = 10;

  /** First retry delay; doubles per attempt up to DELIVERY_MAX_BACKOFF_MS. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  DELIVERY_BACKOFF_MS = 2_000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  DELIVERY_MAX_BACKOFF_MS = 600_000;

  @Type(() => Number)
  @IsInt()
  @Min(100)
  DELIVERY_TIMEOUT_MS = 10_000;

  /** Base of the detail links in thin feed messages. */
  @IsOptional()
  @IsString()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL = 'http://127.0.0.1:3003';

  /** Largest CSV upload for a bulk import (bytes); the JSON routes keep HTTP_BODY_LIMIT_BYTES. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  BULK_BODY_LIMIT_BYTES = 2_147_483_648;

  /** Rows per bulk-import transaction (one multi-row INSERT per table). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5_000)
  BULK_CHUNK_ROWS = 1_000;
}
