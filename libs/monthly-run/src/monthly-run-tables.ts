import { MonthlyRunSpec } from './monthly-run-spec';

/**
 * The SQL creating a department's run and payment tables (for its migration). The database holds the
 * invariants: one run per month, one payment per `uniqueKey` (beneficiary, programme and month), money
 * as non-negative integer fen.
 */
export function monthlyRunTablesSql(spec: MonthlyRunSpec): string[] {
  const { payment, run } = spec.tables;
  return [
    `CREATE TABLE ${run} (
        run_id text PRIMARY KEY,
        month text NOT NULL UNIQUE,
        started_by text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        confirmed_by text,
        confirmed_at timestamptz,
        bank_batch_ref text
      )`,
    `CREATE TABLE ${payment} (
        payment_id text PRIMARY KEY,
        run_id text REFERENCES ${run},
        ${spec.subjectColumn} text NOT NULL,
        month text NOT NULL,
        person_ref text NOT NULL,
        programme text NOT NULL,
        town text NOT NULL,
        amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
        kind text NOT NULL DEFAULT 'monthly',
        status text NOT NULL DEFAULT 'issued' CHECK (status IN ('issued', 'confirmed', 'stopped')),
        issued_on date NOT NULL,
        issued_by text NOT NULL,
        confirmed_on date,
        stopped_on date,
        stop_reason text,
        flagged_after_death boolean NOT NULL DEFAULT false,
        CONSTRAINT ${payment}_once UNIQUE (${spec.uniqueKey.join(', ')})
      )`,
    `CREATE INDEX ${payment}_run_idx ON ${payment} (run_id, status)`,
    `CREATE INDEX ${payment}_person ON ${payment} (person_ref)`,
  ];
}
