import { readFileSync } from 'node:fs';
import { KafkaConnection, KafkaSecurity } from '../kafka/kafka-config';
import { TopicSettings } from '../kafka/topic-settings';

/** Settings of MessagingModule, built by the app from its validated config. */
export interface MessagingOptions {
  /** The service name: metric label, event source and consumer-group prefix. */
  service: string;
  brokers: string[];
  /** Defaults to the service name. */
  clientId?: string;
  /** Prepended to every logical topic and group id (environments, test isolation). */
  topicPrefix?: string;
  relay?: { enabled?: boolean; batchSize?: number; pollIntervalMs?: number; drainTimeoutMs?: number };
  /** Most bytes in one relay send (OutboxRelayOptions.maxBatchBytes; below the brokers' message.max.bytes). */
  maxBatchBytes?: number;
  /** TLS and SASL/SCRAM towards the brokers. */
  security?: KafkaSecurity;
  /**
   * What the service does with its topics at start-up: 'create' the missing ones (default), or only
   * 'verify' them against the settings (production: an admin step creates them).
   */
  topics?: { mode: 'create' | 'verify'; settings: TopicSettings };
}

/** The KAFKA_* settings of libs/platform's KafkaClientConfig (the shape only: no import between the libs). */
export interface KafkaClientSettings {
  NODE_ENV: string;
  KAFKA_BROKERS: string[];
  TOPIC_PREFIX: string;
  KAFKA_TLS: 'on' | 'off';
  KAFKA_TLS_CA_FILE?: string;
  KAFKA_SASL_MECHANISM?: 'scram-sha-256' | 'scram-sha-512';
  KAFKA_SASL_USERNAME?: string;
  KAFKA_SASL_PASSWORD?: string;
  KAFKA_TOPICS?: 'create' | 'verify';
  KAFKA_TOPIC_PARTITIONS: number;
  KAFKA_REPLICATION_FACTOR: number;
  KAFKA_MIN_INSYNC_REPLICAS: number;
  KAFKA_RETENTION_MS: number;
  KAFKA_MAX_BATCH_BYTES?: number;
}

/** Security of a connection from the settings (reads the CA file once, at start-up). */
export function kafkaSecurityOf(c: KafkaClientSettings): KafkaSecurity {
  const ssl =
    c.KAFKA_TLS === 'on'
      ? c.KAFKA_TLS_CA_FILE
        ? { ca: [readFileSync(c.KAFKA_TLS_CA_FILE, 'utf8')] }
        : true
      : undefined;
  const sasl = c.KAFKA_SASL_MECHANISM
    ? { mechanism: c.KAFKA_SASL_MECHANISM, username: c.KAFKA_SASL_USERNAME!, password: c.KAFKA_SASL_PASSWORD! }
    : undefined;
  return { ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}

/** The topic settings of an environment. */
export function topicSettingsOf(c: KafkaClientSettings): TopicSettings {
  return {
    partitions: c.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: c.KAFKA_REPLICATION_FACTOR,
    minInsyncReplicas: c.KAFKA_MIN_INSYNC_REPLICAS,
    retentionMs: c.KAFKA_RETENTION_MS,
  };
}

/**
 * Everything of MessagingOptions that comes from the KAFKA_* settings: an app's factory spreads it
 * (`{ service, ...kafkaSettingsOf(config), relay: ... }`). Topics are verified, not created, when
 * KAFKA_TOPICS=verify or, by default, when NODE_ENV=production.
 */
export function kafkaSettingsOf(
  c: KafkaClientSettings,
): Pick<MessagingOptions, 'brokers' | 'topicPrefix' | 'security' | 'topics' | 'maxBatchBytes'> {
  return {
    brokers: c.KAFKA_BROKERS,
    maxBatchBytes: c.KAFKA_MAX_BATCH_BYTES,
    topicPrefix: c.TOPIC_PREFIX,
    security: kafkaSecurityOf(c),
    topics: {
      mode: c.KAFKA_TOPICS ?? (c.NODE_ENV === 'production' ? 'verify' : 'create'),
      settings: topicSettingsOf(c),
    },
  };
}

/** Injection token of the MessagingOptions. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** The kafka connection described by MessagingOptions. */
export function kafkaConnectionOf(o: MessagingOptions): KafkaConnection {
  return { ...o.security, brokers: o.brokers, clientId: o.clientId ?? o.service, topicPrefix: o.topicPrefix };
}
