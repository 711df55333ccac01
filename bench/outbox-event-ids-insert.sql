-- One timed insert of bench/outbox-event-ids.sql (included with \ir), rolled back: the 100,000 rows of
-- src with the event ids of :ids, titled :label. Prints its time and the WAL it wrote.
\echo :label
BEGIN;
SELECT pg_current_wal_insert_lsn() AS lsn0 \gset
INSERT INTO outbox_message (event_id, topic, message_key, event_type, payload, headers) SELECT :ids, 'assistance.payment', payment_id, 'assistance.payment.issued', payload, headers FROM src ORDER BY i;
SELECT pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), :'lsn0')) AS wal_written;
ROLLBACK;
