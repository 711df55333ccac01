import { Kafka } from 'kafkajs';
import { kafkaLogCreator, kafkaLogLevel } from './kafka-logger';

/** How messaging reaches the broker; `topicPrefix` is prepended to every logical topic (test isolation, environments). */
export interface KafkaConnection {
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
    logLevel: kafkaLogLevel(),
    logCreator: kafkaLogCreator,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, maxRetryTime: 5_000, retries: 8 },
  });
}
