import { MigrationInterface, QueryRunner } from 'typeorm';

// The read model's only table: one row per consumed event (docs/adr/0010-indicators-read-model.md).
// Indicators are folds over these rows up to a date, so any date can be computed and each figure
// lists the events it came from. seq keeps consumption order (a later-scheduled parameter value
// for the same day wins, as in libs/policy-params).
export class IndicatorFacts1768000000000 implements MigrationInterface {
  name = 'IndicatorFacts1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE indicator_fact (
        seq bigserial PRIMARY KEY,
        event_id text NOT NULL UNIQUE,
        type text NOT NULL,
        subject text NOT NULL,
        occurred_on date NOT NULL,
        town text,
        data jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX indicator_fact_occurred_on ON indicator_fact (occurred_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE indicator_fact`);
  }
}
