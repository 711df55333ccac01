-- The cost of ON CONFLICT on the payment table's shape (docs/benchmarks.md, "Payment run (set-based)",
-- third pass): 100,000 rows inserted plain and with the run's ON CONFLICT clause, alternating, each
-- rolled back, in a scratch schema dropped at the end. Same indexes as payment, no foreign keys.
-- Prints each insert's time and the WAL it wrote (bytes between the LSNs before and after, before the
-- rollback: the same for every run, whatever the host's load).
-- Run: source .infra.env && psql "$DATABASE_URL" -q -f bench/payment-insert-on-conflict.sql
\timing on
\pset footer off
DROP SCHEMA IF EXISTS payrun_scratch CASCADE;
CREATE SCHEMA payrun_scratch; SET search_path = payrun_scratch;
CREATE TABLE p (payment_id text PRIMARY KEY, run_id text, case_id text NOT NULL, month text NOT NULL, person_ref text NOT NULL, programme text NOT NULL, town text NOT NULL, amount_fen bigint NOT NULL, kind text NOT NULL DEFAULT 'monthly', status text NOT NULL DEFAULT 'issued', issued_on date NOT NULL, issued_by text NOT NULL, confirmed_on date, stopped_on date, stop_reason text, flagged_after_death boolean NOT NULL DEFAULT false, CONSTRAINT p_once UNIQUE (case_id, month));
CREATE INDEX p_run ON p (run_id, status); CREATE INDEX p_person ON p (person_ref);
CREATE TABLE src AS SELECT 'pay-2025-07-case-' || lpad(i::text, 8, '0') AS payment_id, 'case-' || lpad(i::text, 8, '0') AS case_id, 'bench:a' || lpad(i::text, 43, '0') AS person_ref FROM generate_series(1, 100000) i;
VACUUM ANALYZE src;
\echo plain
BEGIN;
SELECT pg_current_wal_insert_lsn() AS lsn0 \gset
INSERT INTO p (payment_id, run_id, case_id, month, person_ref, programme, town, amount_fen, issued_on, issued_by) SELECT payment_id, 'run-2025-07', case_id, '2025-07', person_ref, 'dibao', '442000100', 100, '2025-07-20', 'b' FROM src ORDER BY payment_id;
SELECT pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), :'lsn0')) AS wal_written;
ROLLBACK;
\echo on conflict
BEGIN;
SELECT pg_current_wal_insert_lsn() AS lsn0 \gset
INSERT INTO p (payment_id, run_id, case_id, month, person_ref, programme, town, amount_fen, issued_on, issued_by) SELECT payment_id, 'run-2025-07', case_id, '2025-07', person_ref, 'dibao', '442000100', 100, '2025-07-20', 'b' FROM src ORDER BY payment_id ON CONFLICT (case_id, month) DO UPDATE SET status = 'issued' WHERE p.status = 'stopped';
SELECT pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), :'lsn0')) AS wal_written;
ROLLBACK;
\echo plain
BEGIN;
SELECT pg_current_wal_insert_lsn() AS lsn0 \gset
INSERT INTO p (payment_id, run_id, case_id, month, person_ref, programme, town, amount_fen, issued_on, issued_by) SELECT payment_id, 'run-2025-07', case_id, '2025-07', person_ref, 'dibao', '442000100', 100, '2025-07-20', 'b' FROM src ORDER BY payment_id;
SELECT pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), :'lsn0')) AS wal_written;
ROLLBACK;
\echo on conflict
BEGIN;
SELECT pg_current_wal_insert_lsn() AS lsn0 \gset
INSERT INTO p (payment_id, run_id, case_id, month, person_ref, programme, town, amount_fen, issued_on, issued_by) SELECT payment_id, 'run-2025-07', case_id, '2025-07', person_ref, 'dibao', '442000100', 100, '2025-07-20', 'b' FROM src ORDER BY payment_id ON CONFLICT (case_id, month) DO UPDATE SET status = 'issued' WHERE p.status = 'stopped';
SELECT pg_size_pretty(pg_wal_lsn_diff(pg_current_wal_insert_lsn(), :'lsn0')) AS wal_written;
ROLLBACK;
DROP SCHEMA payrun_scratch CASCADE;
