import { KafkaConnection } from '../kafka/kafka-config';

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
}

/** Injection token of the MessagingOptions. */
export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');

/** The kafka connection described by MessagingOptions. */
export function kafkaConnectionOf(o: MessagingOptions): KafkaConnection {
  return { brokers: o.brokers, clientId: o.clientId ?? o.service, topicPrefix: o.topicPrefix };
}
