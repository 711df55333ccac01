// @Type() reads design-time metadata; loaded here so the config works outside a Nest app (scripts)
import 'reflect-metadata';
import { KafkaClientConfig } from './kafka-client.config';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';

/**
 * Settings every service needs (NODE_ENV and the KAFKA_* settings come from KafkaClientConfig). An app extends this class with its own settings; each property
 * needs at least one class-validator decorator, because only decorated names are read from the
 * environment. Numbers need `@Type(() => Number)` (no implicit conversion, so a boolean-looking
 * string never silently becomes `true`).
 */
export class BaseServiceConfig extends KafkaClientConfig {
  @IsOptional()
  @IsString()
  HOST = '0.0.0.0';

  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsUrl(
    { protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true },
    { message: "DATABASE_URL must be a postgres:// URL of the service's own database" },
  )
  DATABASE_URL: string;

  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'DATABASE_SCHEMA must be a lower-case SQL identifier' })
  DATABASE_SCHEMA = 'public';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  @IsIn(['debug', 'info', 'warn', 'error'])
  LOG_LEVEL: 'debug' | 'info' | 'warn' | 'error' = 'info';

  /** HS256 secret; development and test only (production verifies with JWT_PUBLIC_KEY). */
  @ValidateIf((c: BaseServiceConfig) => c.NODE_ENV !== 'production' && !c.JWT_PUBLIC_KEY)
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters (or set JWT_PUBLIC_KEY)' })
  JWT_SECRET?: string;

  /** SPKI PEM of the identity provider's signing key; required in production. */
  @ValidateIf((c: BaseServiceConfig) => c.NODE_ENV === 'production' || c.JWT_PUBLIC_KEY !== undefined)
  @Matches(/-----BEGIN PUBLIC KEY-----/, {
    message: 'JWT_PUBLIC_KEY must be an SPKI PEM public key (required when NODE_ENV=production)',
  })
  JWT_PUBLIC_KEY?: string;

  @IsIn(['EdDSA', 'RS256', 'ES256'])
  JWT_ALGORITHM: 'EdDSA' | 'RS256' | 'ES256' = 'EdDSA';

  @IsString()
  @IsNotEmpty()
  JWT_ISSUER = 'civic-dev-issuer';

  @IsString()
  @IsNotEmpty()
  JWT_AUDIENCE = 'civic-platform';

  /** How long closing (consumers, in-flight requests, database) may take after the drain before the process exits anyway. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_GRACE_MS = 10_000;

  /**
   * After SIGTERM, how long readiness answers 503 while requests are still served, before closing:
   * the time load balancers and Kubernetes endpoints need to stop sending new requests. Default
   * 5000 when NODE_ENV=production, else 0 (tests and `npm start` stop at once); see shutdownDrainMs.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(120_000)
  @IsOptional()
  SHUTDOWN_DRAIN_MS?: number;

  @Type(() => Number)
  @IsInt()
  @Min(1024)
  HTTP_BODY_LIMIT_BYTES = 1_048_576;

  /**
   * Whether a tester may move this process's business clock over REST (libs/platform/src/clock):
   * default enabled outside production; it cannot be enabled when NODE_ENV=production.
   */
  @ValidateBy({
    name: 'devClockSetting',
    validator: {
      validate: (v: unknown, args) =>
        v === 'disabled' || (v === 'enabled' && (args?.object as BaseServiceConfig).NODE_ENV !== 'production'),
      defaultMessage: () => 'DEV_CLOCK must be enabled or disabled, and cannot be enabled when NODE_ENV=production',
    },
  })
  @IsOptional()
  DEV_CLOCK?: 'enabled' | 'disabled';
}

/** The drain period of a config: SHUTDOWN_DRAIN_MS, else 5 s in production and none elsewhere. */
export function shutdownDrainMs(config: BaseServiceConfig): number {
  return config.SHUTDOWN_DRAIN_MS ?? (config.NODE_ENV === 'production' ? 5_000 : 0);
}
