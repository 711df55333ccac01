import { Logger } from '@nestjs/common';
import { logCreator, LogEntry, logLevel } from 'kafkajs';

// kafkajs logs through the app's logger (Nest's static Logger, which the platform points at its JSON
// logger), so its lines share one schema and LOG_LEVEL: `debug` shows the client's debug lines too.

const logger = new Logger('kafka');

/** The kafkajs level to ask for: as verbose as the app's logger will print. */
export function kafkaLogLevel(): logLevel {
  if (Logger.isLevelEnabled('debug')) return logLevel.DEBUG;
  if (Logger.isLevelEnabled('log')) return logLevel.INFO;
  if (Logger.isLevelEnabled('warn')) return logLevel.WARN;
  return logLevel.ERROR;
}

/**
 * A failure kafkajs will retry by itself (a coordinator still electing, a topic still being created,
 * a broker restarting) is a warning: the client recovers, and a crash after the last retry is still
 * reported as an error by the consumer's CRASH event.
 */
function isRetried(log: LogEntry['log']): boolean {
  return typeof log.retryCount === 'number' || typeof log.retryTime === 'number' || log.retriable === true;
}

/**
 * Warnings kafkajs prints for every producer, about choices this project made on purpose: the
 * default (Java-compatible) partitioner, and bounded retries on the idempotent producer (the relay
 * re-sends what was not acknowledged and consumers deduplicate in the inbox: docs/adr/0002-outbox-relay.md).
 */
const EXPECTED_WARNINGS = [/switched default partitioner/, /Limiting retries for the idempotent producer/];

/**
 * The client's debug lines carry protocol payloads (group metadata, assignments) as Buffers; their
 * bytes say nothing to a reader, and a long run of small numbers only feeds false alarms to the ID
 * scanner, so a Buffer is logged as its length.
 */
function withoutBytes(value: unknown, depth = 0): unknown {
  if (Buffer.isBuffer(value)) return { bytes: value.length };
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => withoutBytes(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutBytes(v, depth + 1)]));
}

/**
 * Error responses the client answers itself by refreshing metadata and retrying (a partition leader
 * moving, a coordinator or topic still being set up, a rebalance): kafkajs logs each one at ERROR from
 * its connection, dozens on a clean start (two services creating one topic, metadata not yet
 * propagated). A failure that outlasts the retries is still reported, by the consumer's CRASH event,
 * the producer's error or ensureTopics, which stops the start-up naming the topic.
 */
const SELF_HEALING_RESPONSE =
  /does not host this topic-partition|topic creation errors|not the leader|leader not available|coordinator (is )?not available|not coordinator|coordinator load in progress|coordinator is loading|unknown topic or partition|rebalance in progress|fenced leader epoch|unknown leader epoch|request timed out/i;

export const kafkaLogCreator: logCreator =
  () =>
  ({ namespace, level, log }) => {
    const { message, timestamp: _timestamp, logger: _name, ...fields } = log as LogEntry['log'] & { logger?: string };
    const entry = { msg: message, kafka: withoutBytes({ namespace, ...fields }) };
    const answered =
      namespace === 'Connection' && /^Response /.test(message) && SELF_HEALING_RESPONSE.test(String(log.error ?? ''));
    if (answered) logger.debug(entry);
    else if (level === logLevel.ERROR && !isRetried(log)) logger.error(entry);
    else if (level === logLevel.WARN && EXPECTED_WARNINGS.some((w) => w.test(message))) logger.debug(entry);
    else if (level === logLevel.ERROR || level === logLevel.WARN) logger.warn(entry);
    else if (level === logLevel.INFO) logger.log(entry);
    else logger.debug(entry);
  };
