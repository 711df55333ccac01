import { KafkaMessage } from 'kafkajs';

/** One Kafka record as the inbox consumer handles it. */
export interface ConsumedRecord {
  topic: string;
  partition: number;
  message: KafkaMessage;
  key: string | null;
}

/** A record value parsed as JSON; undefined when it is missing or not JSON (a dead letter, not a crash). */
export function safeJson(raw: string | null): unknown {
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
