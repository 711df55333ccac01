import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox, inbox and dead-letter tables in the service's current schema. Each service adds
 * `messagingMigrations` to its own DataSource; never `synchronize`.
 */
export class MessagingTables1764400000000 implements MigrationInterface {
  name = 'MessagingTables1764400000000';

  async up(q: QueryRunner): Promise<void> {
    // id orders publication; event_id is unique so a retried append cannot emit twice
    await q.query(`CREATE TABLE outbox_message (
      id bigserial PRIMARY KEY,
      event_id uuid NOT NULL UNIQUE,
      topic text NOT NULL,
      message_key text NOT NULL,
      event_type text NOT NULL,
      payload text NOT NULL,
      headers jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz
    )`);
    // the relay reads only pending rows; a partial index keeps that cheap as sent rows pile up
    await q.query(`CREATE INDEX outbox_message_pending ON outbox_message (id) WHERE sent_at IS NULL`);
    await q.query(`CREATE TABLE inbox_message (
      consumer text NOT NULL,
      event_id text NOT NULL,
      event_type text NOT NULL,
      topic text NOT NULL,
      kafka_partition int NOT NULL,
      kafka_offset bigint NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
    // one row per dead-lettered record, the original kept whole so it can be re-driven
    await q.query(`CREATE TABLE dead_letter (
      id bigserial PRIMARY KEY,
      consumer text NOT NULL,
      topic text NOT NULL,
      kafka_partition int NOT NULL,
      kafka_offset bigint NOT NULL,
      message_key text,
      event_id text,
      reason text NOT NULL,
      field text,
      message text NOT NULL,
      attempts int NOT NULL,
      payload text,
      headers jsonb NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      resolved_at timestamptz,
      UNIQUE (consumer, topic, kafka_partition, kafka_offset)
    )`);
    // a key with an unresolved dead letter is held, so its aggregate never applies with a gap (R7 in docs/reliability.md)
    await q.query(`CREATE TABLE dead_letter_hold (
      consumer text NOT NULL,
      topic text NOT NULL,
      message_key text NOT NULL,
      first_dead_letter_id bigint NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, topic, message_key)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dead_letter_hold`);
    await q.query(`DROP TABLE dead_letter`);
    await q.query(`DROP TABLE inbox_message`);
    await q.query(`DROP TABLE outbox_message`);
  }
}
