import {
  deadLetterTopic,
  deleteTopics,
  ensureTopics,
  KafkaConnection,
  physicalTopic,
  ProbedRecord,
  TopicProbe,
} from '@civic/messaging';
import { DELIBERATELY_INVALID_HEADER } from './contract/contract-check';
import { contractCapture } from './contract/contract-capture';
import { requiredEnv, uniqueName } from './database';
import { unlessServiceFails } from './service-failures';

export type { ProbedRecord } from '@civic/messaging';

/** A connection to KAFKA_BROKERS, optionally under a topic prefix. */
export function kafkaConnection(topicPrefix?: string, clientId = 'civic-test'): KafkaConnection {
  return { brokers: requiredEnv('KAFKA_BROKERS').split(','), clientId, topicPrefix };
}

/** This suite's topics: a unique prefix, the physical names, and a drop() for afterAll. */
export interface FreshTopics {
  prefix: string;
  connection: KafkaConnection;
  /** prefix + logical name. */
  topic(logical: string): string;
  /** prefix + logical name + `.dlq`. */
  dlq(logical: string): string;
  /** Deletes the topics; in an e2e suite, first reads every topic of the prefix back for the contract check. */
  drop(): Promise<void>;
}

/** Creates each logical topic and its `.dlq` under a fresh unique prefix (auto-creation is off on the broker). */
export async function freshTopics(prefix: string, logicalNames: string[], partitions = 3): Promise<FreshTopics> {
  const unique = `${uniqueName(prefix).replace(/_/g, '-')}.`;
  const connection = kafkaConnection(unique);
  const created = await ensureTopics(connection, logicalNames, { partitions });
  const readBack = contractCapture(unique, connection);
  return {
    prefix: unique,
    connection,
    topic: (l) => physicalTopic(unique, l),
    dlq: (l) => deadLetterTopic(physicalTopic(unique, l)),
    drop: async () => {
      await readBack?.();
      await deleteTopics(connection, created);
    },
  };
}

/** Waits for the first record on a physical topic (read from offset 0) that matches predicate. */
export async function awaitEvent(
  topic: string,
  predicate: (r: ProbedRecord) => boolean,
  timeoutMs = 30_000,
): Promise<ProbedRecord> {
  const seen = await unlessServiceFails(
    `a record on ${topic}`,
    new TopicProbe(kafkaConnection()).collect(topic, { until: predicate, timeoutMs }),
  );
  return seen[seen.length - 1];
}

/** Collects the first n records of a physical topic (from offset 0); throws on timeout saying how many came. */
export async function collectEvents(topic: string, n: number, timeoutMs = 30_000): Promise<ProbedRecord[]> {
  return new TopicProbe(kafkaConnection()).collect(topic, { count: n, timeoutMs });
}

/** A dead-letter record with its error and origin decoded from the headers. */
export interface DeadLetterRecord extends ProbedRecord {
  reason: string;
  field: string;
  message: string;
  attempts: number;
  consumer: string;
  originalTopic: string;
  originalPartition: number;
  originalOffset: string;
}

/** Waits for a record on a dead-letter topic matching predicate and decodes its dlq-* headers. */
export async function readDeadLetter(
  dlqTopic: string,
  predicate: (r: DeadLetterRecord) => boolean = () => true,
  timeoutMs = 30_000,
): Promise<DeadLetterRecord> {
  const r = await awaitEvent(dlqTopic, (x) => predicate(decodeDeadLetter(x)), timeoutMs);
  return decodeDeadLetter(r);
}

/**
 * Writes records a consumer must refuse, marked so the contract check of the e2e tier does not count
 * them against the publishers (their dead letters are still checked).
 */
export function producePoison(
  topic: string,
  records: { key: string; value: string; headers?: Record<string, string> }[],
): Promise<void> {
  return produceRaw(
    topic,
    records.map((r) => ({ ...r, headers: { ...r.headers, [DELIBERATELY_INVALID_HEADER]: 'dead-letter test' } })),
  );
}

/** Writes raw records to a physical topic (to inject duplicates or poison). */
export function produceRaw(
  topic: string,
  records: { key: string; value: string; headers?: Record<string, string> }[],
): Promise<void> {
  return new TopicProbe(kafkaConnection()).send(topic, records);
}

function decodeDeadLetter(r: ProbedRecord): DeadLetterRecord {
  const h = r.headers;
  return {
    ...r,
    reason: h['dlq-reason'],
    field: h['dlq-field'],
    message: h['dlq-message'],
    attempts: Number(h['dlq-attempts']),
    consumer: h['dlq-consumer'],
    originalTopic: h['dlq-original-topic'],
    originalPartition: Number(h['dlq-original-partition']),
    originalOffset: h['dlq-original-offset'],
  };
}
