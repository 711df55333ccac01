import { PersonDataServiceConfig } from '@civic/platform';
import { Transform, Type } from 'class-transformer';
import {
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateByOptions,
} from 'class-validator';
import { OutboundRules } from './delivery/outbound-url';

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

  /**
   * Hosts each caller may have the gateway call back (DCI callback base URLs per sender id, feed
   * webhooks per token subject): JSON {"<owner>": ["host", "*.domain"]}; the owner "*" applies to all.
   */
  @Transform(({ value }) => {
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  })
  @IsObject({ message: 'CALLBACK_ALLOWED_HOSTS must be JSON {"<sender or subscriber>": ["host", "*.domain"]}' })
  CALLBACK_ALLOWED_HOSTS: Record<string, string[]> = {};

  /** Whether callbacks may use plain http; default only when NODE_ENV=development, never in production. */
  @ValidateBy(devOnlyFlag('CALLBACK_ALLOW_HTTP'))
  @IsOptional()
  CALLBACK_ALLOW_HTTP?: 'true' | 'false';

  /** Whether callbacks may reach private, loopback and link-local addresses; as CALLBACK_ALLOW_HTTP. */
  @ValidateBy(devOnlyFlag('CALLBACK_ALLOW_PRIVATE_NETWORKS'))
  @IsOptional()
  CALLBACK_ALLOW_PRIVATE_NETWORKS?: 'true' | 'false';

  /** The most bytes of a callback's answer read before the call is ended. */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  DELIVERY_MAX_RESPONSE_BYTES = 65_536;

  /** Base of the detail links in thin feed messages. */
  @IsOptional()
  @IsString()
  @IsUrl({ require_tld: false, protocols: ['http', 'https'] })
  PUBLIC_BASE_URL = 'http://127.0.0.1:3003';

  /**
   * Largest CSV upload for a bulk import (bytes); the JSON routes keep HTTP_BODY_LIMIT_BYTES. 256 MiB
   * holds about a million rows; a larger initial load is split (each part keeps its own error report).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  BULK_BODY_LIMIT_BYTES = 268_435_456;

  /** Rows per bulk-import transaction (one multi-row INSERT per table). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5_000)
  BULK_CHUNK_ROWS = 1_000;

  /** The callback rules these settings give (src/delivery/outbound-url.ts). */
  outboundRules(): OutboundRules {
    const dev = this.NODE_ENV === 'development';
    return {
      allowedHosts: this.CALLBACK_ALLOWED_HOSTS,
      allowHttp: this.CALLBACK_ALLOW_HTTP ? this.CALLBACK_ALLOW_HTTP === 'true' : dev,
      allowPrivateNetworks: this.CALLBACK_ALLOW_PRIVATE_NETWORKS
        ? this.CALLBACK_ALLOW_PRIVATE_NETWORKS === 'true'
        : dev,
    };
  }
}

/** true or false, and never true when NODE_ENV=production. */
function devOnlyFlag(name: string): ValidateByOptions {
  return {
    name: 'devOnlyFlag',
    validator: {
      validate: (v: unknown, args) =>
        v === 'false' || (v === 'true' && (args?.object as HubGatewayConfig).NODE_ENV !== 'production'),
      defaultMessage: () => `${name} must be true or false, and cannot be true when NODE_ENV=production`,
    },
  };
}
