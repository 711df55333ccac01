import { MigrationInterface, QueryRunner } from 'typeorm';

// Age-friendly home adaptations (适老化改造, docs/domain.md §2): applied for, then completed once with
// the work's cost in integer fen (or cancelled). Dates and money are checked by the database as well.
export class HomeAdaptations1767200000003 implements MigrationInterface {
  name = 'HomeAdaptations1767200000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE home_adaptation (
        adaptation_id text PRIMARY KEY,
        elder_id text NOT NULL REFERENCES elder,
        town text NOT NULL,
        items text[] NOT NULL CHECK (cardinality(items) > 0),
        applied_on date NOT NULL,
        status text NOT NULL DEFAULT 'applied' CHECK (status IN ('applied', 'completed', 'cancelled')),
        completed_on date,
        cost_fen bigint CHECK (cost_fen >= 0),
        cancel_reason text,
        applied_by text NOT NULL,
        completed_by text,
        CHECK (completed_on IS NULL OR completed_on >= applied_on)
      )`);
    await q.query(`CREATE INDEX home_adaptation_town ON home_adaptation (town, status)`);
    await q.query(`CREATE INDEX home_adaptation_elder ON home_adaptation (elder_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE home_adaptation`);
  }
}
