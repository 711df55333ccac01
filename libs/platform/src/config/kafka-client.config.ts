// @Type() reads design-time metadata; loaded here so the config works outside a Nest app (scripts)
import 'reflect-metadata';
import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  ValidateIf,
} from 'class-validator';

const splitList = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : value;

/**
 * How a process reaches Kafka and what the topics must look like: the part of every service's
 * config that `npm run topics:apply` (scripts/topics-apply.ts, the Kubernetes topics Job) reads on
 * its own. deploy/README.md "Kafka in production" explains each setting and the values there.
 */
export class KafkaClientConfig {
  @IsIn(['development', 'test', 'production'])
  NODE_ENV: 'development' | 'test' | 'production';

  @Transform(splitList)
  @ArrayNotEmpty({ message: 'KAFKA_BROKERS must list at least one host:port' })
  @Matches(/^[^\s:,]+:\d{1,5}$/, { each: true, message: 'KAFKA_BROKERS must be a comma-separated list of host:port' })
  KAFKA_BROKERS: string[];

  @Matches(/^[a-z0-9._-]*$/, { message: 'TOPIC_PREFIX may hold only a-z, 0-9, ".", "_" and "-"' })
  TOPIC_PREFIX = '';

  /** TLS to the brokers: 'on' verifies them against the system CAs, or against KAFKA_TLS_CA_FILE. */
  @IsIn(['on', 'off'])
  KAFKA_TLS: 'on' | 'off' = 'off';

  /** A PEM file of the CA(s) that signed the brokers' certificates (a mounted Secret). */
  @IsOptional()
  @IsString()
  KAFKA_TLS_CA_FILE?: string;

  /** SASL/SCRAM authentication; unset means none (a development broker). */
  @IsOptional()
  @IsIn(['scram-sha-256', 'scram-sha-512'])
  KAFKA_SASL_MECHANISM?: 'scram-sha-256' | 'scram-sha-512';

  @ValidateIf((c: KafkaClientConfig) => c.KAFKA_SASL_MECHANISM !== undefined)
  @IsString()
  @MinLength(1)
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf((c: KafkaClientConfig) => c.KAFKA_SASL_MECHANISM !== undefined)
  @IsString()
  @MinLength(1)
  KAFKA_SASL_PASSWORD?: string;

  /**
   * 'create': a service creates its missing topics at start-up (development, tests, `npm start`).
   * 'verify': it only checks that they exist with the settings below and refuses to start otherwise;
   * an admin step creates them (`npm run topics:apply`, the topics Job). Default: verify in production.
   */
  @IsOptional()
  @IsIn(['create', 'verify'])
  KAFKA_TOPICS?: 'create' | 'verify';

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  KAFKA_TOPIC_PARTITIONS = 3;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  KAFKA_REPLICATION_FACTOR = 1;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10)
  KAFKA_MIN_INSYNC_REPLICAS = 1;

  /**
   * Retention of the topics the person view is not rebuilt from (policy.alert) and of every `.dlq`;
   * the person view's source topics keep everything (libs/contracts personViewTopics). Default 30 days.
   */
  @Type(() => Number)
  @IsInt()
  @Min(3_600_000)
  KAFKA_RETENTION_MS = 2_592_000_000;

  /**
   * Most bytes the outbox relay puts into one send (libs/messaging OutboxRelayOptions.maxBatchBytes):
   * keep it below the brokers' `message.max.bytes` (1,048,588 by default), which bounds one
   * partition's record batch. Unset, the relay's own default applies (DEFAULT_MAX_SEND_BYTES in
   * libs/messaging/src/outbox/outbox-relay.ts, 900,000): one home for the figure.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(16_384)
  @Max(100_000_000)
  KAFKA_MAX_BATCH_BYTES?: number;
}

/** KAFKA_TOPICS with its default: verify in production, create elsewhere. */
export function kafkaTopicsMode(config: KafkaClientConfig): 'create' | 'verify' {
  return config.KAFKA_TOPICS ?? (config.NODE_ENV === 'production' ? 'verify' : 'create');
}
