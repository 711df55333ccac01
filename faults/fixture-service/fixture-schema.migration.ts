import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The fixture's state and its ledger. `fault_effect` has no unique constraint on purpose: a
 * duplicate effect must be countable, not prevented; `expected_seq` records the per-counter
 * sequence check (an effect whose seq is not the previous one + 1 is an order violation).
 */
export class FaultFixtureSchema1765900000000 implements MigrationInterface {
  name = 'FaultFixtureSchema1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE fault_counter (counter_id text PRIMARY KEY, seq int NOT NULL)`);
    await q.query(
      `CREATE TABLE fault_effect (id bigserial PRIMARY KEY, counter_id text NOT NULL, seq int NOT NULL, expected_seq int NOT NULL, event_id text NOT NULL, consumer_pid int NOT NULL, applied_at timestamptz NOT NULL DEFAULT clock_timestamp())`,
    );
    await q.query(`CREATE TABLE fault_applied (counter_id text PRIMARY KEY, seq int NOT NULL)`);
    // the counters whose 'until-fixed' events the handler cannot apply yet (a bug awaiting its fix)
    await q.query(`CREATE TABLE fault_bug (counter_id text PRIMARY KEY)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE fault_bug, fault_applied, fault_effect, fault_counter`);
  }
}
