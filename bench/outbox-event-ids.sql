-- Event ids of the outbox rows a set-based append writes (docs/benchmarks.md, "Payment run (set-based)",
-- fourth pass; docs/adr/0027-set-event-ids.md): 100,000 rows of the monthly run's outbox size into a
-- table shaped as outbox_message (same indexes, and its ids into outbox_pending), with gen_random_uuid() per row, with random
-- uuids drawn beforehand (the index cost of random ids alone) and with the UUIDv7 counter ids of
-- outboxRowsSql, alternating, each rolled back, in a scratch schema dropped at the end; then the ids
-- alone, without the insert. Prints each statement's time and WAL.
-- Run: source .infra.env && psql "$DATABASE_URL" -q -f bench/outbox-event-ids.sql
\timing on
\pset footer off
DROP SCHEMA IF EXISTS outbox_ids_scratch CASCADE;
CREATE SCHEMA outbox_ids_scratch; SET search_path = outbox_ids_scratch;
CREATE TABLE outbox_message (id bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, topic text NOT NULL, message_key text NOT NULL, event_type text NOT NULL, payload text NOT NULL, headers jsonb NOT NULL DEFAULT '{}', created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE outbox_pending (id bigint PRIMARY KEY);
-- the trigger of libs/messaging/src/outbox/outbox-pending.ts
CREATE FUNCTION outbox_pending_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO outbox_ids_scratch.outbox_pending (id) SELECT id FROM appended; RETURN NULL; END $$;
CREATE TRIGGER outbox_pending_add AFTER INSERT ON outbox_message REFERENCING NEW TABLE AS appended FOR EACH STATEMENT EXECUTE FUNCTION outbox_pending_add();
CREATE TABLE src AS SELECT i, 'pay-2025-07-case-' || lpad(i::text, 8, '0') AS payment_id, repeat('x', 600) || i AS payload,
  '{"content-type":"application/cloudevents+json; charset=UTF-8","ce_type":"assistance.payment.issued","ce_dataversion":"1"}'::jsonb AS headers,
  gen_random_uuid() AS drawn FROM generate_series(1, 100000) i;
VACUUM ANALYZE src;
-- the three ways to draw ids, each inserted twice in alternating order (bench/outbox-event-ids-insert.sql)
\set v7 '(''019ad5a1c2e07a3f'' || to_hex(-8070450532247928832 + row_number() OVER (ORDER BY i)))::uuid'
\set label 'gen_random_uuid() per row' \\ \set ids 'gen_random_uuid()'
\ir outbox-event-ids-insert.sql
\set label 'random uuids drawn beforehand' \\ \set ids drawn
\ir outbox-event-ids-insert.sql
\set label 'UUIDv7 counter ids (outboxRowsSql)' \\ \set ids :v7
\ir outbox-event-ids-insert.sql
\ir outbox-event-ids-insert.sql
\set label 'random uuids drawn beforehand' \\ \set ids drawn
\ir outbox-event-ids-insert.sql
\set label 'gen_random_uuid() per row' \\ \set ids 'gen_random_uuid()'
\ir outbox-event-ids-insert.sql
\echo ids alone: gen_random_uuid() per row, then the counter ids
SELECT count(*) FROM (SELECT gen_random_uuid() AS u FROM src OFFSET 0) x;
SELECT count(*) FROM (SELECT :v7 AS u FROM src OFFSET 0) x;
DROP SCHEMA outbox_ids_scratch CASCADE;
