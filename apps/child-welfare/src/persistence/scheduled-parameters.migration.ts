import { MigrationInterface, QueryRunner } from 'typeorm';

// Parameter values their owning services scheduled at runtime (policy.parameter.value-scheduled), kept so
// the allowance follows, e.g., a new dibao standard (the 1.6 × goal moves with it).
export class ChildWelfareScheduledParameters1766000000002 implements MigrationInterface {
  name = 'ChildWelfareScheduledParameters1766000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE scheduled_parameter (
        key text NOT NULL,
        effective_from date NOT NULL,
        value jsonb NOT NULL,
        source text NOT NULL,
        scheduled_by text NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (key, effective_from)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE scheduled_parameter`);
  }
}
