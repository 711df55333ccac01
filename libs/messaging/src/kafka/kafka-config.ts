import { Admin, Kafka, SASLOptions } from 'kafkajs';
import { kafkaLogCreator, kafkaLogLevel } from './kafka-logger';
// every client made here gets kafkajs's request queue without its idle 1 ms timer loop
import './request-queue-idle';

/** TLS and SASL/SCRAM of a connection (deploy/README.md "Kafka in production"). */
export interface KafkaSecurity {
  /** true: TLS verified against the system CAs; { ca }: against these PEM certificates. */
  ssl?: boolean | { ca: string[] };
  sasl?: { mechanism: 'scram-sha-256' | 'scram-sha-512'; username: string; password: string };
}

/** How messaging reaches the broker; `topicPrefix` is prepended to every logical topic (test isolation, environments). */
export interface KafkaConnection extends KafkaSecurity {
  brokers: string[];
  clientId: string;
  topicPrefix?: string;
}

/** The physical topic for a logical one: prefix + logical name. */
export function physicalTopic(prefix: string | undefined, logical: string): string {
  return `${prefix ?? ''}${logical}`;
}

/** The dead-letter topic of a physical topic: `<topic>.dlq`, so each topic's dead letters sit beside it. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}

/** A kafkajs client logging through the app's logger, with retries that outlast a broker restart. */
export function createKafka(conn: KafkaConnection): Kafka {
  return new Kafka({
    clientId: conn.clientId,
    brokers: conn.brokers,
    ssl: conn.ssl,
    sasl: conn.sasl as SASLOptions | undefined,
    logLevel: kafkaLogLevel(),
    logCreator: kafkaLogCreator,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 8 },
  });
}

/**
 * An admin client, connected; a broker that cannot be reached is reported naming the setting the
 * addresses come from (KAFKA_BROKERS, libs/platform's BaseServiceConfig), so a start-up failure
 * says what to fix rather than only `connect ECONNREFUSED`.
 */
export async function connectAdmin(conn: KafkaConnection): Promise<Admin> {
  const admin = createKafka(conn).admin();
  try {
    await admin.connect();
  } catch (e) {
    const cause = e instanceof Error ? e.message : String(e);
    throw new Error(`cannot reach the Kafka brokers in KAFKA_BROKERS (${conn.brokers.join(',')}): ${cause}`, {
      cause: e,
    });
  }
  return admin;
}
