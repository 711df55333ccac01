import { MigrationInterface, QueryRunner } from 'typeorm';

/** The gateway's own tables: senders, message log, records, identity lookup, read model, subscriptions, deliveries, bulk imports. */
export class HubSchema1764500000000 implements MigrationInterface {
  name = 'HubSchema1764500000000';

  async up(q: QueryRunner): Promise<void> {
    // a sender registered with the gateway: its DCI signing keys (JWKS) and its limits
    await q.query(`CREATE TABLE dci_sender (
      sender_id text PRIMARY KEY,
      jwks jsonb NOT NULL,
      callback_base_url text,
      rate_per_minute int,
      max_batch_records int,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    // every accepted message id per sender: replay protection and the stored acknowledgement
    await q.query(`CREATE TABLE dci_message (
      sender_id text NOT NULL,
      message_id text NOT NULL,
      action text NOT NULL,
      digest text NOT NULL,
      message_ts timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      ack jsonb,
      PRIMARY KEY (sender_id, message_id)
    )`);
    // one row per accepted life-event record; (sender, record id) makes a resend a no-op
    await q.query(`CREATE TABLE hub_record (
      sender_id text NOT NULL,
      record_id text NOT NULL,
      record_type text NOT NULL,
      person_ref text NOT NULL,
      message_id text NOT NULL,
      event_id uuid,
      event_type text,
      payload jsonb NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (sender_id, record_id)
    )`);
    await q.query(`CREATE INDEX hub_record_person ON hub_record (person_ref)`);
    // the only place a raw ID number lives, encrypted; looked up by personRef, every read audited
    await q.query(`CREATE TABLE person_identity (
      person_ref text PRIMARY KEY,
      masked_id text NOT NULL,
      encrypted_id text NOT NULL,
      first_seen_at timestamptz NOT NULL DEFAULT now()
    )`);
    // registry read model from the departments' events
    await q.query(`CREATE TABLE rm_household (
      household_id text PRIMARY KEY,
      town text NOT NULL,
      village text,
      hukou_type text,
      member_count int NOT NULL DEFAULT 0,
      per_capita_income_fen bigint,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE rm_member (
      household_id text NOT NULL REFERENCES rm_household (household_id),
      person_ref text NOT NULL,
      masked_id text NOT NULL,
      birth_date date,
      sex text,
      relation text,
      disability_level int,
      PRIMARY KEY (household_id, person_ref)
    )`);
    await q.query(`CREATE INDEX rm_member_person ON rm_member (person_ref)`);
    await q.query(`CREATE TABLE rm_enrolment (
      enrolment_id text NOT NULL,
      department text NOT NULL,
      programme text NOT NULL,
      person_ref text NOT NULL,
      household_id text,
      town text NOT NULL,
      status text NOT NULL,
      effective_from date,
      monthly_amount_fen bigint,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (department, enrolment_id)
    )`);
    await q.query(`CREATE INDEX rm_enrolment_person ON rm_enrolment (person_ref)`);
    await q.query(`CREATE INDEX rm_enrolment_town ON rm_enrolment (town, programme)`);
    // DCI transactions (search, subscribe) for txn/status
    await q.query(`CREATE TABLE dci_transaction (
      sender_id text NOT NULL,
      transaction_id text NOT NULL,
      txn_type text NOT NULL,
      correlation_id text NOT NULL UNIQUE,
      status text NOT NULL,
      response jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (sender_id, transaction_id, txn_type)
    )`);
    await q.query(`CREATE TABLE dci_subscription (
      code text PRIMARY KEY,
      sender_id text NOT NULL,
      reg_event_type text NOT NULL,
      filter_type text,
      filter jsonb NOT NULL,
      notify_uri text NOT NULL,
      status text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz
    )`);
    // thin-feed subscriptions of agencies, limited by the roles they held when subscribing
    await q.query(`CREATE TABLE feed_subscription (
      id uuid PRIMARY KEY,
      owner text NOT NULL,
      roles text[] NOT NULL,
      callback_url text NOT NULL,
      secret text NOT NULL,
      event_types text[] NOT NULL,
      status text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE feed_event (
      event_id text PRIMARY KEY,
      event_type text NOT NULL,
      department text NOT NULL,
      person_ref text,
      masked_id text,
      occurred_at timestamptz NOT NULL,
      data jsonb NOT NULL
    )`);
    // outgoing webhooks; signed when sent so a late retry still carries a fresh signature
    await q.query(`CREATE TABLE webhook_delivery (
      id bigserial PRIMARY KEY,
      dedupe_key text NOT NULL UNIQUE,
      kind text NOT NULL,
      target_url text NOT NULL,
      payload jsonb NOT NULL,
      subscription_id uuid,
      status text NOT NULL DEFAULT 'pending',
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      delivered_at timestamptz
    )`);
    await q.query(`CREATE INDEX webhook_delivery_due ON webhook_delivery (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE TABLE bulk_import (
      id uuid PRIMARY KEY,
      sender_id text NOT NULL,
      status text NOT NULL,
      rows_read bigint NOT NULL DEFAULT 0,
      rows_accepted bigint NOT NULL DEFAULT 0,
      rows_duplicate bigint NOT NULL DEFAULT 0,
      rows_rejected bigint NOT NULL DEFAULT 0,
      error text,
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz
    )`);
    await q.query(`CREATE TABLE bulk_import_error (
      import_id uuid NOT NULL REFERENCES bulk_import (id),
      line bigint NOT NULL,
      record_id text,
      field text NOT NULL,
      rule text NOT NULL,
      message text NOT NULL
    )`);
    await q.query(`CREATE INDEX bulk_import_error_import ON bulk_import_error (import_id, line)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'bulk_import_error',
      'bulk_import',
      'webhook_delivery',
      'feed_event',
      'feed_subscription',
      'dci_subscription',
      'dci_transaction',
      'rm_enrolment',
      'rm_member',
      'rm_household',
      'person_identity',
      'hub_record',
      'dci_message',
      'dci_sender',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${t}`);
    }
  }
}
