import { MigrationInterface, QueryRunner } from 'typeorm';

// The public ledger's request budget per client address, shared by every replica of the service
// (ledger/public-ledger-rate.guard.ts). Unlogged: a count lost in a crash only gives a client a fresh
// minute, and the table is written on every public request.
export class PublicLedgerRate1767100000002 implements MigrationInterface {
  name = 'PublicLedgerRate1767100000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE public_ledger_rate (
        client text PRIMARY KEY,
        window_start timestamptz NOT NULL,
        used int NOT NULL CHECK (used > 0)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE public_ledger_rate`);
  }
}
