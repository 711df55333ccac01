import { DeadLetterReason, parseEvent } from '@civic/contracts';
import { Logger } from '@nestjs/common';
import { IHeaders, Kafka, Producer } from 'kafkajs';
import { EntityManager } from 'typeorm';
import { messagingMetrics } from '../health/messaging.metrics';
import { ConsumedRecord, safeJson } from '../inbox/consumed-record';
import { InboxConsumerOptions, Outcome } from '../inbox/inbox-consumer.options';
import { applyEvent } from '../inbox/apply-event';
import { InboxContext } from '../inbox/inbox-context';
import { InboxStore } from '../inbox/inbox-store';
import { deadLetterTopic } from '../kafka/kafka-config';

/** Why a record went to the dead-letter topic (the list is published with the contract). */
export type { DeadLetterReason } from '@civic/contracts';

/** What went wrong with a record, as its dead letter states it. */
export interface DeadLetterFailure {
  reason: DeadLetterReason;
  field: string | null;
  message: string;
}

/**
 * A consumer's dead letters: a record that cannot be applied is stored (its key held) and published
 * to `<topic>.dlq`; later events of a held key follow it there, so an aggregate never applies with a
 * gap while other keys keep flowing; a re-drive applies a held key's letters once the cause is fixed.
 */
export class DeadLetters {
  private readonly logger = new Logger('dead-letters');
  private producer?: Producer;
  private readonly labels: { service: string; consumer: string };

  constructor(
    private readonly opts: Pick<InboxConsumerOptions, 'dataSource' | 'service' | 'consumer' | 'handle' | 'accepts'>,
    private readonly store: InboxStore,
  ) {
    this.labels = { service: opts.service, consumer: opts.consumer };
  }

  /** Connects the producer of the dead-letter topics. */
  async connect(kafka: Kafka): Promise<void> {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
    await this.producer.connect();
  }

  async disconnect(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }

  /**
   * Records the dead letter (and holds its key) before publishing it, so a crash in between
   * republishes the same record on redelivery; the offset moves only after the publish is acked.
   */
  async deadLetter(
    rec: ConsumedRecord,
    failure: DeadLetterFailure,
    attempts: number,
    eventId: string | null,
  ): Promise<Outcome> {
    const m = rec.message;
    const originalHeaders = Object.fromEntries(
      Object.entries(m.headers ?? {}).map(([k, v]) => [k, Array.isArray(v) ? String(v[0]) : (v?.toString() ?? '')]),
    );
    const stored = await this.opts.dataSource.transaction(async (manager) => {
      const [row] = await manager.query(
        `INSERT INTO dead_letter (consumer, topic, kafka_partition, kafka_offset, message_key, event_id, reason, field, message, attempts, payload, headers)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb)
         ON CONFLICT (consumer, topic, kafka_partition, kafka_offset) DO UPDATE SET consumer = EXCLUDED.consumer
         RETURNING id, reason, field, message, attempts`,
        [
          this.opts.consumer,
          rec.topic,
          rec.partition,
          m.offset,
          rec.key,
          eventId,
          failure.reason,
          failure.field,
          failure.message,
          attempts,
          m.value?.toString() ?? null,
          JSON.stringify(originalHeaders),
        ],
      );
      if (rec.key !== null) {
        await manager.query(
          `INSERT INTO dead_letter_hold (consumer, topic, message_key, first_dead_letter_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
          [this.opts.consumer, rec.topic, rec.key, row.id],
        );
      }
      return row as { id: string; reason: DeadLetterReason; field: string | null; message: string; attempts: number };
    });
    const headers: IHeaders = {
      ...(m.headers ?? {}),
      'dlq-reason': stored.reason,
      'dlq-field': stored.field ?? '',
      'dlq-message': stored.message,
      'dlq-attempts': String(stored.attempts),
      'dlq-consumer': this.opts.consumer,
      'dlq-original-topic': rec.topic,
      'dlq-original-partition': String(rec.partition),
      'dlq-original-offset': m.offset,
      'dlq-id': String(stored.id),
    };
    if (!this.producer) throw new Error('consumer is not started');
    // keyed like the original so a key's dead letters stay in order on the DLQ too
    await this.producer.send({
      topic: deadLetterTopic(rec.topic),
      acks: -1,
      messages: [{ key: m.key, value: m.value, headers }],
    });
    messagingMetrics.consumerDeadLettered.inc({ ...this.labels, reason: stored.reason });
    // the key and payload may hold personal data; the log names the letter, and the admin API shows it
    this.logger.warn({
      msg:
        stored.reason === 'held-behind-dead-letter'
          ? `event held behind a dead letter of its key: dead letter #${stored.id}`
          : `event dead-lettered (${stored.reason}): dead letter #${stored.id}; its key is held until re-driven or discarded`,
      deadLetterId: String(stored.id),
      consumer: this.opts.consumer,
      reason: stored.reason,
      field: stored.field,
      attempts: stored.attempts,
      eventId,
      topic: rec.topic,
      partition: rec.partition,
      offset: m.offset,
    });
    return 'dead-lettered';
  }

  /**
   * Re-drives a held key after the cause is fixed: applies its unresolved dead letters in their
   * original order through the inbox, then lifts the hold, all in one transaction; if one still
   * fails, nothing changes and the error is thrown. `topic` is the physical topic.
   */
  async redrive(
    topic: string,
    key: string,
    by: string | null = null,
    audit?: (manager: EntityManager) => Promise<unknown>,
  ): Promise<{ applied: number; duplicates: number }> {
    return this.opts.dataSource.transaction(async (manager) => {
      const hold = await manager.query(
        `SELECT 1 FROM dead_letter_hold WHERE consumer = $1 AND topic = $2 AND message_key = $3 FOR UPDATE`,
        [this.opts.consumer, topic, key],
      );
      if (!hold.length) return { applied: 0, duplicates: 0 };
      const letters: { id: string; kafka_partition: number; kafka_offset: string; payload: string | null }[] =
        await manager.query(
          `SELECT id, kafka_partition, kafka_offset, payload FROM dead_letter WHERE consumer = $1 AND topic = $2 AND message_key = $3 AND resolved_at IS NULL ORDER BY id`,
          [this.opts.consumer, topic, key],
        );
      let applied = 0;
      let duplicates = 0;
      for (const l of letters) {
        const parsed = parseEvent(safeJson(l.payload));
        if (!parsed.ok) throw new Error(`dead letter #${l.id} is still invalid: ${parsed.error}`);
        const origin = {
          consumer: this.opts.consumer,
          topic,
          partition: l.kafka_partition,
          offset: String(l.kafka_offset),
          attempt: 1,
        };
        const claimed = await this.store.claim(manager, topic, origin.partition, [
          { event: parsed.event, offset: origin.offset },
        ]);
        if (claimed.has(parsed.event.id)) {
          if (!this.opts.accepts || this.opts.accepts(parsed.event))
            await applyEvent(this.opts, new InboxContext(manager, parsed.event, origin, this.opts.service));
          applied++;
        } else duplicates++;
      }
      await manager.query(
        `UPDATE dead_letter SET resolved_at = now(), resolution = 'redriven', resolved_by = $2 WHERE id = ANY($1::bigint[])`,
        [letters.map((l) => l.id), by],
      );
      await audit?.(manager);
      await manager.query(`DELETE FROM dead_letter_hold WHERE consumer = $1 AND topic = $2 AND message_key = $3`, [
        this.opts.consumer,
        topic,
        key,
      ]);
      return { applied, duplicates };
    });
  }

  /**
   * Discards one unresolved dead letter with a reason (the event is never applied), in one
   * transaction with `audit`. The key stays held while other letters of it are unresolved: they are
   * applied by a re-drive, which the caller tries next.
   */
  async discard(
    id: string,
    reason: string,
    by: string,
    audit?: (manager: EntityManager) => Promise<unknown>,
  ): Promise<{ topic: string; key: string | null; remaining: number }> {
    return this.opts.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE ... RETURNING with [rows, affected count]
      const [[letter]]: [{ topic: string; message_key: string | null }[], number] = await manager.query(
        `UPDATE dead_letter SET resolved_at = now(), resolution = 'discarded', resolution_reason = $3, resolved_by = $4
         WHERE id = $1 AND consumer = $2 AND resolved_at IS NULL RETURNING topic, message_key`,
        [id, this.opts.consumer, reason, by],
      );
      if (!letter) throw new Error(`dead letter #${id} of ${this.opts.consumer} is not unresolved`);
      let remaining = 0;
      if (letter.message_key !== null) {
        const [{ n }] = await manager.query(
          `SELECT count(*)::int AS n FROM dead_letter WHERE consumer = $1 AND topic = $2 AND message_key = $3 AND resolved_at IS NULL`,
          [this.opts.consumer, letter.topic, letter.message_key],
        );
        remaining = n;
        const hold = [this.opts.consumer, letter.topic, letter.message_key];
        if (n === 0)
          await manager.query(
            `DELETE FROM dead_letter_hold WHERE consumer = $1 AND topic = $2 AND message_key = $3`,
            hold,
          );
        else
          await manager.query(
            `UPDATE dead_letter_hold SET first_dead_letter_id = (SELECT min(id) FROM dead_letter WHERE consumer = $1 AND topic = $2 AND message_key = $3 AND resolved_at IS NULL)
             WHERE consumer = $1 AND topic = $2 AND message_key = $3`,
            hold,
          );
      }
      await audit?.(manager);
      return { topic: letter.topic, key: letter.message_key, remaining };
    });
  }
}
